"""With REDIS_URL set, the app servers share one cache: a real redis-server on loopback."""

import shutil
import subprocess
import time

import pytest
import redis

from facilities.models import FacilityPage
from tests.mail import free_port

pytestmark = pytest.mark.skipif(
    not shutil.which("redis-server"), reason="apt-get install redis-server"
)


@pytest.fixture
def redis_url(tmp_path):
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [
            shutil.which("redis-server"),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    for _ in range(50):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.1)
    yield url
    server.terminate()
    server.wait(timeout=10)


def test_a_facility_page_s_facts_are_kept_in_the_shared_cache(
    demo_site, client, settings, redis_url, django_assert_max_num_queries
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "bnavi",
        }
    }
    # (Changing CACHES makes Django drop its cache connections: the next use is Redis.)
    page = FacilityPage.objects.get(slug="demo-01")
    first = client.get(page.url).text
    keys = redis.Redis.from_url(redis_url).keys("bnavi:*facility-page:*")
    assert len(keys) == 1
    # The next view (on any server using this Redis) takes the facts from there.
    with django_assert_max_num_queries(16):  # as in test_facility_page
        again = client.get(page.url).text
    work_types = [w.name for w in page.work_types.all()]
    assert work_types and all(name in first and name in again for name in work_types)

from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wagtail.models import Site


class Command(BaseCommand):
    help = (
        "Give the default Wagtail site the host, port and scheme of BASE_URL, so canonical "
        "URLs, the sitemap and links in mail carry the public address. Safe to run at every "
        "deployment."
    )

    def handle(self, *args, **options):
        url = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise CommandError(f"BASE_URL must be like https://b-navi.example.jp, not {url!r}.")
        port = url.port or (443 if url.scheme == "https" else 80)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("There is no Wagtail site yet: run `manage.py load_demo` first.")
        site.hostname, site.port = url.hostname, port
        site.save()
        self.stdout.write(f"The site is served as {site.root_url}.")

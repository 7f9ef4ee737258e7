"""8 people sending the form at once to a real server: every one stored, none refused.

Run against the database the suite runs on: a fresh SQLite file (the `make run` default), or
a fresh PostgreSQL database beside the test database when DATABASE_URL names PostgreSQL.
"""

import pytest

from tests.load import Server, claim_at_once, post_at_once, post_concurrently, slow_smtp


@pytest.fixture
def inbox():
    with slow_smtp() as inbox:
        yield inbox


def test_eight_people_at_once_are_all_stored_and_two_senders_mail_each_once(
    tmp_path, database_url, inbox
):
    server = Server(tmp_path, database_url, smtp_port=inbox.port).start()
    try:
        result = post_concurrently(server.url, clients=8, seconds=8)
    finally:
        server.stop()
    assert result.posts >= 40
    assert result.statuses == {302: result.posts}, result.statuses
    assert server.stored() == result.posts

    # Two cron runs at once, minute after minute, after the mails piled up (a run takes at
    # most 200): each mail is delivered exactly once.
    for _ in range(5):
        outputs = server.send_outbox_twice_at_once()
        if all(output.rstrip().endswith("; 0 waiting.") for output in outputs):
            break
    delivered = [(tuple(m["to"]), m["subject"]) for m in inbox.messages]
    assert len(delivered) == len(set(delivered)) == server.mails() >= result.posts, outputs


def test_simultaneous_posts_cannot_all_pass_the_limit(tmp_path, database_url):
    server = Server(tmp_path, database_url, INQUIRY_RATE_LIMIT=5).start()
    try:
        statuses = post_at_once(server.url, 8, "same-person@example.jp")
        # Office claims from one address, all at once: the limit of 5 an hour holds too.
        claims = claim_at_once(server.url, 20)
        claims_stored = server.sql("SELECT COUNT(*) FROM inquiries_officeclaim")[0][0]
    finally:
        server.stop()
    assert statuses == [302] * 5 + [429] * 3
    assert server.stored() == 5
    assert claims == [302] * 5 + [429] * 15
    assert claims_stored == 5

"""8 people sending the form at once to a real server: every one stored, none refused.

Run against the database the suite runs on: a fresh SQLite file (the `make run` default), or
a fresh PostgreSQL database beside the test database when DATABASE_URL names PostgreSQL.
"""

import asyncio

import pytest
from aiosmtpd.controller import Controller

from tests.load import Server, free_port, post_at_once, post_concurrently
from tests.mail import Inbox


class SlowInbox(Inbox):
    """A mail server that takes a moment per mail, as a real one does."""

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        await asyncio.sleep(0.01)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def inbox():
    inbox, port = SlowInbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    inbox.port = port
    yield inbox
    controller.stop()


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
    finally:
        server.stop()
    assert statuses == [302] * 5 + [429] * 3
    assert server.stored() == 5

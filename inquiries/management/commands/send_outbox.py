import signal

from django.core.management.base import BaseCommand

from inquiries import outbox


class Command(BaseCommand):
    help = (
        "Send the inquiry mails that are due (new ones, and failed ones whose pause is over). "
        "With --watch, keep running and send new mail as it comes (run it under a process "
        "supervisor such as systemd); without, send once and stop (for cron, every minute)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--watch",
            action="store_true",
            help="keep running: send new mail at once (PostgreSQL) or within "
            "OUTBOX_POLL_SECONDS (SQLite); SIGTERM or Ctrl-C stops it after the mail in hand "
            "is sent and recorded",
        )
        parser.add_argument(
            "--seconds",
            type=float,
            default=45,
            help="one run only: take no new mail after this long, so a run ends before cron "
            "starts the next (a mail already taken may still need the SMTP timeout)",
        )

    def handle(self, *args, watch=False, seconds=45, **options):
        if watch:
            self.watch()
            return
        sent, failed = outbox.send_due(seconds=seconds)
        waiting = outbox.OutboxMessage.objects.filter(sent_at__isnull=True).count()
        self.stdout.write(f"Sent {sent}, failed {failed}; {waiting} waiting.")

    def watch(self):
        asked = []

        def stop(signum, frame):
            # Only noted here: the mail in hand is finished and recorded before the loop ends.
            asked.append(signum)

        # Set explicitly: a shell starts a background job with SIGINT ignored (`make run`).
        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.say("Sending mail as it comes; SIGTERM or Ctrl-C stops.")
        outbox.watch(
            lambda: bool(asked),
            report=lambda sent, failed: self.say(f"Sent {sent}, failed {failed}."),
        )
        self.say("Stopped; no mail left half-sent.")

    def say(self, line):
        # At once, not when a buffer fills: a supervisor's log shows what happened when.
        self.stdout.write(line)
        self.stdout.flush()

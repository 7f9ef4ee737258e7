from django.core.management.base import BaseCommand

from inquiries import outbox


class Command(BaseCommand):
    help = (
        "Send the inquiry mails that are due (new ones, and failed ones whose pause is over). "
        "Run it every minute from cron: * * * * * cd /srv/site && .venv/bin/python manage.py "
        "send_outbox"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seconds",
            type=float,
            default=45,
            help="take no new mail after this long, so a run ends before cron starts the next "
            "(a mail already taken may still need the SMTP timeout)",
        )

    def handle(self, *args, seconds=45, **options):
        sent, failed = outbox.send_due(seconds=seconds)
        waiting = outbox.OutboxMessage.objects.filter(sent_at__isnull=True).count()
        self.stdout.write(f"Sent {sent}, failed {failed}; {waiting} waiting.")

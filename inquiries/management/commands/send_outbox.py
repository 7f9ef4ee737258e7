from django.core.management.base import BaseCommand

from inquiries import outbox


class Command(BaseCommand):
    help = (
        "Send the inquiry mails that are due (new ones, and failed ones whose pause is over). "
        "Run it every minute from cron: * * * * * cd /srv/site && .venv/bin/python manage.py "
        "send_outbox"
    )

    def handle(self, *args, **options):
        sent, failed = outbox.send_due()
        waiting = outbox.OutboxMessage.objects.filter(sent_at__isnull=True).count()
        self.stdout.write(f"Sent {sent}, failed {failed}; {waiting} waiting.")

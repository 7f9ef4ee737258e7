from django.core.management.base import BaseCommand

from inquiries import reminders


class Command(BaseCommand):
    help = (
        "Write the monthly mail to office staff about missing and stale facts on their pages "
        "to the outbox (send_outbox sends it). Run monthly from cron; a second run in the same "
        "month writes nothing."
    )

    def handle(self, *args, **options):
        written = reminders.send_monthly()
        self.stdout.write(f"Wrote {written} reminder mail(s) to the outbox.")

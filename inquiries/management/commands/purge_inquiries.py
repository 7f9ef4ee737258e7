from django.conf import settings
from django.core.management.base import BaseCommand

from inquiries import retention


class Command(BaseCommand):
    help = (
        "Anonymise inquiries closed more than INQUIRY_RETENTION_DAYS ago (default 365), and "
        "those never closed that came in more than INQUIRY_OPEN_RETENTION_DAYS ago (default "
        "730), as the privacy policy states. Run it daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="only count them")

    def handle(self, *args, dry_run=False, **options):
        due = retention.expired()
        if dry_run:
            self.stdout.write(f"{due.count()} inquiries would be anonymised.")
            return
        count = retention.anonymise(due)
        self.stdout.write(
            f"Anonymised {count} inquiries closed more than "
            f"{settings.INQUIRY_RETENTION_DAYS} days ago or never closed in "
            f"{settings.INQUIRY_OPEN_RETENTION_DAYS} days."
        )

from django.core.management.base import BaseCommand

from facilities.directory import indexing


class Command(BaseCommand):
    help = (
        "Forget facility change records older than --days (7): every running server has taken "
        "them into its keyword index by then. Daily, from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7)

    def handle(self, *args, days=7, **options):
        self.stdout.write(f"Removed {indexing.prune(days):,} change records.")

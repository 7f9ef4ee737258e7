import time

from django.core.management.base import BaseCommand

from facilities.directory import indexing, search
from facilities.models import FacilityPage


class Command(BaseCommand):
    help = "Rebuild the facility keyword index from the live facility pages."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-stale",
            action="store_true",
            help="only when the index does not hold one document per live facility",
        )

    def handle(self, *args, if_stale=False, **options):
        live = FacilityPage.objects.live().count()
        if if_stale and search.exists() and search.document_count() == live:
            self.stdout.write(f"The keyword index is up to date ({live} facilities).")
            return
        started = time.perf_counter()
        count = indexing.rebuild()
        seconds = time.perf_counter() - started
        self.stdout.write(f"Indexed {count} facilities in {seconds:.1f} s.")

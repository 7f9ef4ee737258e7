import time

from django.core.management.base import BaseCommand

from facilities import indexing


class Command(BaseCommand):
    help = "Rebuild the facility keyword index from the live facility pages."

    def handle(self, *args, **options):
        started = time.perf_counter()
        count = indexing.rebuild()
        seconds = time.perf_counter() - started
        self.stdout.write(f"Indexed {count} facilities in {seconds:.1f} s.")

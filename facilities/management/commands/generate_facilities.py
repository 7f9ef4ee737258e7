import time

from django.core.management.base import BaseCommand, CommandError

from facilities.demo import synthetic
from facilities.directory import indexing
from facilities.models import DirectoryPage


class Command(BaseCommand):
    help = (
        "Add N realistic synthetic facilities under the directory (for benchmarks), "
        "then rebuild the keyword index. Run load_demo first."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, count, seed, **options):
        directory = DirectoryPage.objects.first()
        if directory is None:
            raise CommandError("There is no directory page yet: run `manage.py load_demo` first.")
        started = time.perf_counter()

        def progress(done, total):
            self.stdout.write(f"  {done:,} / {total:,}")

        made = synthetic.generate(directory, count, seed=seed, progress=progress)
        generated = time.perf_counter() - started
        indexed = indexing.rebuild()
        total = time.perf_counter() - started
        self.stdout.write(
            f"Generated {made:,} facilities in {generated:.1f} s; "
            f"indexed {indexed:,} in {total - generated:.1f} s."
        )

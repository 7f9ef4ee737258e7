import datetime
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from facilities.directory import indexing
from facilities.models import DirectoryPage
from facilities.opendata import imports, wam


class Command(BaseCommand):
    help = (
        "Create or update facility pages from a WAM NET open data CSV file "
        "(障害福祉サービス等情報公表システム). Safe to re-run: only official facts are written, "
        "corrections made in the admin survive, and offices missing from a newer file are "
        "flagged, never deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE.csv")
        parser.add_argument(
            "--date",
            help="the date the data describes (YYYY-MM-DD); by default the month-end of the "
            "YYYYMM in the file name (wam_202503_045.csv → 2025-03-31)",
        )
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="leave the keyword index alone (run rebuild_facility_index afterwards)",
        )

    def handle(self, files, date=None, no_index=False, **options):
        directory = DirectoryPage.objects.first()
        if directory is None:
            raise CommandError("There is no directory page yet: run `manage.py load_demo` first.")
        changed = False
        failed = []
        for name in files:
            summary = self._import(Path(name), directory, date)
            if summary is None:
                failed.append(name)
            else:
                changed |= summary.changed
        if changed and not no_index:
            started = time.perf_counter()
            self.stdout.write("Updating the keyword index …")
            count = indexing.rebuild()
            seconds = time.perf_counter() - started
            self.stdout.write(f"Indexed {count:,} facilities in {seconds:.1f} s.")
        if failed:
            raise CommandError(f"Nothing was imported from: {', '.join(failed)}")

    def _import(self, path, directory, date):
        self.stdout.write(self.style.MIGRATE_HEADING(f"{path.name}"))
        source_date = self._date(path, date)
        try:
            raw = path.read_bytes()
        except OSError as error:
            self.stderr.write(f"  cannot read {path}: {error.strerror}")
            return None
        started = time.perf_counter()
        result = wam.read(raw)
        if not result.rows:
            for problem in result.problems or [wam.Problem(0, "the file has no rows")]:
                self.stderr.write(f"  {problem}")
            return None
        for problem in result.problems:
            self.stderr.write(f"  rejected {problem}")

        def progress(done, total):
            self.stdout.write(f"  {done:,} / {total:,} rows")

        summary = imports.apply(
            result.rows,
            directory,
            source_date,
            rejected=len(result.rejected_lines),
            progress=progress,
        )
        for line in summary.duplicates:
            self.stderr.write(f"  rejected line {line}: repeats an earlier row's NO and service")
        for pk, title in summary.flagged_pages:
            self.stdout.write(f"  flagged (not in this file): {title} (page {pk})")
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"  {len(result.rows) + len(result.rejected_lines):,} rows in {seconds:.1f} s: "
                f"created {summary.created:,}, updated {summary.updated:,}, "
                f"unchanged {summary.unchanged:,}, flagged {summary.flagged:,}"
                f"{f' (+{summary.still_missing:,} still missing)' if summary.still_missing else ''}"
                f", rejected {summary.rejected:,}"
            )
        )
        return summary

    def _date(self, path, date):
        if date:
            try:
                return datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"--date {date!r} is not YYYY-MM-DD") from None
        found = imports.date_from_filename(path.name)
        if found is None:
            raise CommandError(
                f"{path.name} has no YYYYMM in its name: give the data's date with --date"
            )
        return found

import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Min

from facilities.directory import indexing
from facilities.directory.stations import SOURCE_NOTE
from facilities.models import FacilityPage, NearbyStation
from facilities.opendata import estimates


class Command(BaseCommand):
    help = (
        "Recompute every office's estimated nearby stations from its coordinates, rebuild the "
        "keyword index, and report how many offices have a station within a walk."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--report-only", action="store_true", help="only report, change nothing"
        )
        parser.add_argument("--minutes", type=int, default=15, help="the walk reported on")

    def handle(self, *args, report_only=False, minutes=15, **options):
        if not report_only:
            started = time.perf_counter()
            with transaction.atomic():
                rows = estimates.refresh_all()
                # Every server's index takes the new stations in (indexing.sync).
                indexing.record(FacilityPage.objects.values_list("pk", flat=True))
            indexing.rebuild()
            self.stdout.write(
                f"Wrote {rows:,} estimated station rows in {time.perf_counter() - started:.1f} s."
            )
        live = FacilityPage.objects.live()
        located = live.exclude(latitude=None)
        nearest = (
            NearbyStation.objects.filter(page__in=live)
            .values("page")
            .annotate(walk=Min("walk_minutes"))
        )
        within = sum(1 for row in nearest if row["walk"] <= minutes)
        stand_ins = estimates.shared_points()
        shared = sum(
            1 for point in located.values_list("latitude", "longitude") if point in stand_ins
        )
        entered = live.filter(stations__isnull=False).distinct().count()
        self.stdout.write(
            f"Live offices: {live.count():,}; with coordinates: {located.count():,}; "
            f"at a point shared by several addresses (no estimate): {shared:,}.\n"
            f"With an estimated station: {len(nearest):,}; "
            f"within {minutes} minutes on foot (estimated): {within:,}; "
            f"with stations entered by staff: {entered:,}.\n"
            f"{SOURCE_NOTE}"
        )

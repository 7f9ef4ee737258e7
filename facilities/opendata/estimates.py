"""Estimated nearby stations of facility pages, kept in step with their coordinates.

Written at import (for the pages it created or moved) and when a page is published; the
rows are derived data (NearbyStation), recomputed by a migration when the rule changes.

Some coordinates in the open data are not the office's: when offices at three or more
different addresses share the very same point, it is a stand-in (often the ward office), and
no stations are estimated from it.
"""

import unicodedata
from collections import defaultdict

from ..directory.stations import station_list, walk_minutes
from ..models import FacilityPage, NearbyStation
from .bulk import chunks


def rows_for(page_id, latitude, longitude, model, stations=None):
    """Unsaved `model` rows (NearbyStation) for one office's coordinates."""
    if latitude is None or longitude is None:
        return []
    stations = stations or station_list()
    return [
        model(
            page_id=page_id,
            rank=rank,
            station=stop.name,
            line=line[:60],
            distance_m=round(metres),
            walk_minutes=walk_minutes(metres),
        )
        for rank, (stop, metres) in enumerate(stations.nearest(float(latitude), float(longitude)))
        for line in stop.lines
    ]


SHARED_BY = 3


def _address_key(address):
    return unicodedata.normalize("NFKC", address).replace(" ", "")


def is_stand_in(latitude, longitude):
    """Whether offices at SHARED_BY or more different addresses share this point."""
    addresses = FacilityPage.objects.filter(latitude=latitude, longitude=longitude).values_list(
        "address_rest", flat=True
    )
    return len({_address_key(a) for a in addresses}) >= SHARED_BY


def shared_points(pages=None):
    """Coordinates that offices at SHARED_BY or more different addresses share."""
    addresses = defaultdict(set)
    for latitude, longitude, address in (
        (pages or FacilityPage)
        .objects.exclude(latitude=None)
        .values_list("latitude", "longitude", "address_rest")
    ):
        addresses[(latitude, longitude)].add(_address_key(address))
    return {point for point, found in addresses.items() if len(found) >= SHARED_BY}


def _with_neighbours(pks, pages):
    """These pages and every page at the same point: a new office at a point can turn the
    point into a stand-in (or a moved one can make it a real place again) for all of them."""
    pks = set(pks)
    points = set()
    for chunk in chunks(list(pks)):
        points.update(
            pages.objects.filter(pk__in=chunk)
            .exclude(latitude=None)
            .values_list("latitude", "longitude")
        )
    latitudes = {latitude for latitude, _ in points}
    for chunk in chunks(list(latitudes)):
        pks.update(
            pk
            for pk, latitude, longitude in pages.objects.filter(latitude__in=chunk).values_list(
                "pk", "latitude", "longitude"
            )
            if (latitude, longitude) in points
        )
    return sorted(pks)


def refresh(pks, pages=None, model=None):
    """Recompute the estimates of these pages; returns how many rows were written.

    `pages` and `model` let a data migration pass its historical models.
    """
    pages, model = pages or FacilityPage, model or NearbyStation
    stand_ins = shared_points(pages)
    written = 0
    for chunk in chunks(_with_neighbours(pks, pages)):
        model.objects.filter(page_id__in=chunk).delete()
        rows = [
            row
            for pk, latitude, longitude in pages.objects.filter(pk__in=chunk).values_list(
                "pk", "latitude", "longitude"
            )
            if (latitude, longitude) not in stand_ins
            for row in rows_for(pk, latitude, longitude, model)
        ]
        model.objects.bulk_create(rows, batch_size=1000)
        written += len(rows)
    return written


def refresh_all(pages=None, model=None):
    """Recompute every page's estimates; returns how many rows were written."""
    pages = pages or FacilityPage
    return refresh(pages.objects.values_list("pk", flat=True), pages, model)


def _published(sender, instance, **kwargs):
    # In the publish's own transaction, before the keyword index reads the stations.
    refresh([instance.pk])


def connect():
    from wagtail.signals import page_published

    page_published.connect(_published, sender=FacilityPage, dispatch_uid="facilities-estimates")

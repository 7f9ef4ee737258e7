"""Dates and times as staff and visitors read them: JST, Japanese order, the weekday where a
person acts on the date (a visit, a deadline)."""

import datetime

from django.utils import timezone

WEEKDAYS = "月火水木金土日"


def as_date(value):
    """A date from a date, a datetime (taken in JST) or an ISO string; None if it is none."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


def japanese_date(value, weekday=True):
    """「2026年11月24日（火）」; a value that is not a date is returned as it is."""
    day = as_date(value)
    if day is None:
        return value
    text = f"{day.year}年{day.month}月{day.day}日"
    return f"{text}（{WEEKDAYS[day.weekday()]}）" if weekday else text


def japanese_datetime(value, weekday=True):
    """「2026年11月22日（日）22:55」 in JST, whatever zone the value was stored in."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{japanese_date(value, weekday)} {value:%H:%M}"

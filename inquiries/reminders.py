"""The monthly mail to office staff: what their pages lack and what has not been confirmed for
a while, with links to the fields. Written to the outbox; one per person per month even when
two cron runs overlap; staff can turn it off (FactReminder)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from facilities.chooser import editable_by
from facilities.freshness import review

from .models import FactReminder, OutboxMessage

PURPOSE = "fact_reminder"
INTERVAL = timedelta(days=25)  # monthly from cron, with room for a late run


def recipients():
    """Active staff accounts with an address that edit particular offices."""
    from facilities.models import FacilityPage

    offices = FacilityPage.objects.values("pk")
    return (
        get_user_model()
        .objects.filter(is_active=True, is_superuser=False)
        .exclude(email="")
        .filter(groups__page_permissions__page__in=offices)
        .distinct()
        .order_by("pk")
    )


def _take_turn(user, now):
    """Mark this person's reminder as sent now, unless it is off or another run took it."""
    setting, _ = FactReminder.objects.get_or_create(user=user)
    if not setting.enabled:
        return False
    due = Q(last_sent_at__isnull=True) | Q(last_sent_at__lt=now - INTERVAL)
    return (
        FactReminder.objects.filter(due, pk=setting.pk, enabled=True).update(last_sent_at=now) == 1
    )


def body_for(user, reviews):
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    name = f"{user.last_name} {user.first_name}".strip() or user.get_username()
    lines = [f"{name} 様", "", "事業所のページについて、今月のお知らせです。", ""]
    for item in reviews:
        lines.append(f"■ {item.page.title}（{item.total}項目のうち{item.known}項目を登録済み）")
        for stale in item.stale:
            lines.append(f"・確かめ直してください：{stale.label}")
            lines.append(f"  {base}{stale.url}")
        if item.missing:
            labels = "、".join(missing.label for missing in item.missing)
            lines.append(f"・まだ載っていない情報：{labels}")
            lines.append(f"  {base}{item.edit_url}")
        lines.append("")
    lines += [
        "このメールが不要なときは、次のページで止められます。",
        f"{base}{reverse('fact_reminders')}",
    ]
    return "\n".join(lines) + "\n"


def send_monthly(now=None):
    """Write this month's reminders to the outbox; returns how many were written."""
    now = now or timezone.now()
    written = 0
    for user in recipients():
        reviews = [review(page) for page in editable_by(user).order_by("title")]
        reviews = [item for item in reviews if item.needs_attention]
        if not reviews:
            continue
        with transaction.atomic():
            if not _take_turn(user, now):
                continue
            OutboxMessage.objects.create(
                purpose=PURPOSE,
                to=user.email,
                subject=f"[{settings.WAGTAIL_SITE_NAME}] 事業所のページの確認のお願い",
                body=body_for(user, reviews),
            )
            written += 1
    return written

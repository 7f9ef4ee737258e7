"""Who may read which inquiries.

The operator (a superuser, or anyone given 「すべてのお問い合わせを見る」) reads all. A staff
member reads, for the offices they have an InquiryAccess row for, the inquiries whose writer was
told the office would read them (`Inquiry.audience`), and those the desk handed on later; never
a request sent to the desk before the office had staff here, however the office is routed today.
Only the operator grants and revokes access rows (the admin view 「お問い合わせの閲覧許可」).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import F, Q

from .models import Audience, Inquiry, InquiryAccess, OutboxMessage

VIEW_ALL = "inquiries.view_all_inquiries"
# Sent to the office's staff, or handed on to them by the desk.
OFFICE_READS = Q(audience=Audience.OFFICE) | Q(handed_on_at__isnull=False)


def sees_all(user):
    return user.is_active and (user.is_superuser or user.has_perm(VIEW_ALL))


def _permission(app_label, codename):
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)


def _holding(permission):
    return Q(groups__permissions__in=permission) | Q(user_permissions__in=permission)


def staff_accounts():
    """Active accounts that may sign in to the admin and do not already see everything: the
    only accounts that can be given an office's inquiries."""
    return (
        get_user_model()
        .objects.filter(is_active=True, is_superuser=False)
        .filter(_holding(_permission("wagtailadmin", "access_admin")))
        .distinct()
        .order_by("username")
    )


def handlers(inquiry):
    """Who can be put in charge of `inquiry`: the operators, and the office's staff when the
    office reads it."""
    users = get_user_model().objects.filter(is_active=True)
    operators = Q(is_superuser=True) | _holding(_permission("inquiries", "view_all_inquiries"))
    found = users.filter(operators)
    if inquiry is not None and inquiry.facility_id and inquiry.office_reads:
        found = found | users.filter(inquiry_access__facility_id=inquiry.facility_id)
    return found.distinct().order_by("username")


def visible_to(user, queryset=None):
    """The inquiries this user may see: all for the operator, else those their offices read."""
    queryset = Inquiry.objects.all() if queryset is None else queryset
    if sees_all(user):
        return queryset
    return queryset.filter(OFFICE_READS, facility__inquiry_access__user=user).distinct()


def reads_health(user, inquiry):
    """Whether `user` may read what the person wrote about their health (HEALTH_FIELDS): only
    whom the form named. A request sent to the office: its staff, not the operators. One sent
    to the desk: the operators, and the office's staff once the desk handed it on with the
    person's agreement."""
    staff = bool(inquiry.facility_id) and (
        InquiryAccess.objects.filter(user=user, facility_id=inquiry.facility_id).exists()
    )
    if inquiry.audience == Audience.OFFICE:
        return user.is_active and staff
    return sees_all(user) or (staff and inquiry.handed_on_at is not None and inquiry.health_shared)


def mails_visible_to(user, queryset=None):
    """The outbox rows this user may see: all for the operator, else the mails of the
    inquiries their offices read (of a handed-on one, those written since it was handed on)."""
    queryset = OutboxMessage.objects.all() if queryset is None else queryset
    if sees_all(user):
        return queryset
    return queryset.filter(inquiry__in=visible_to(user)).filter(
        Q(inquiry__audience=Audience.OFFICE) | Q(created_at__gte=F("inquiry__handed_on_at"))
    )

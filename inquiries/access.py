"""Who may read which office's inquiries.

The operator (a superuser, or anyone given 「すべてのお問い合わせを見る」) reads all; a staff
member reads the offices they have an InquiryAccess row for. Only the operator grants and
revokes those rows (the admin view 「お問い合わせの閲覧許可」), never the page editor.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q

VIEW_ALL = "inquiries.view_all_inquiries"


def sees_all(user):
    return user.is_active and (user.is_superuser or user.has_perm(VIEW_ALL))


def staff_accounts():
    """Active accounts that may sign in to the admin and do not already see everything: the
    only accounts that can be given an office's inquiries."""
    access_admin = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    return (
        get_user_model()
        .objects.filter(is_active=True, is_superuser=False)
        .filter(Q(groups__permissions__in=access_admin) | Q(user_permissions__in=access_admin))
        .distinct()
        .order_by("username")
    )


def handlers(facility):
    """Who can be put in charge of an inquiry to `facility`: its staff and the superusers."""
    users = get_user_model().objects.filter(is_active=True)
    found = users.filter(is_superuser=True)
    if facility is not None:
        found = found | users.filter(inquiry_access__facility=facility)
    return found.distinct().order_by("username")


def visible_to(user, queryset=None):
    """The inquiries this user may see: all for the operator, else their offices' ones."""
    from .models import Inquiry

    queryset = Inquiry.objects.all() if queryset is None else queryset
    if sees_all(user):
        return queryset
    return queryset.filter(facility__inquiry_access__user=user).distinct()

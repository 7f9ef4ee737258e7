"""The site's own 編集ガイド in the admin: how office staff and the operator do their work here,
in plain Japanese. It replaces the links to Wagtail's English editor guide (help menu and
the dashboard's account summary)."""

from django.template.response import TemplateResponse

URL_NAME = "admin_guide"


def is_operator(user):
    """Whether the guide shows the operator's part (claims, inquiry access, the outbox)."""
    return user.is_superuser or user.has_perm("inquiries.change_officeclaim")


def guide(request):
    return TemplateResponse(
        request, "wagtailadmin/guide/index.html", {"operator": is_operator(request.user)}
    )

"""The operator's view of office claims: a list, the detail with the office's official phone
for the call-back check, and the approve and reject buttons (inquiries.claims)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from home.dates import japanese_datetime

from . import claims
from .models import ClaimStatus, OfficeClaim, account_label


class ClaimPermissionPolicy(ModelPermissionPolicy):
    """Claims come from the public form; they are decided, never added or edited."""

    def user_has_permission(self, user, action):
        if action in ("add", "change"):
            return False
        return super().user_has_permission(user, action)


def may_decide(user):
    return user.is_active and (user.is_superuser or user.has_perm("inquiries.change_officeclaim"))


class InspectView(generic.InspectView):
    template_name = "inquiries/admin/claim_inspect.html"

    def get_field_display_value(self, field_name, field):
        value = getattr(self.object, field_name, None)
        if field_name in ("created_at", "decided_at"):
            return japanese_datetime(value) if value else "—"
        if field_name == "decided_by":
            return value.get_full_name() or value.get_username() if value else "—"
        shown = super().get_field_display_value(field_name, field)
        return "—" if shown in (None, "") else shown

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        claim = self.object
        context["facility"] = claim.facility
        context["pending"] = claim.status == ClaimStatus.PENDING
        context["may_decide"] = may_decide(self.request.user)
        context["routes"] = list(claim.facility.inquiry_routes.all())
        context["other_claims"] = OfficeClaim.objects.filter(facility=claim.facility).exclude(
            pk=claim.pk
        )
        context["decide_url"] = reverse("office_claims:decide", args=[claim.pk])
        if context["pending"]:
            context["attachable"] = [
                {
                    "user": user,
                    "label": account_label(user),
                    "offices": [
                        g.name.removeprefix(claims.OFFICE_GROUP_PREFIX) for g in user.groups.all()
                    ],
                    "last_login": japanese_datetime(user.last_login)
                    if user.last_login
                    else "まだない",
                    "joined": japanese_datetime(user.date_joined),
                }
                for user in claims.attachable_accounts(claim).prefetch_related("groups")
            ]
        return context


@require_POST
def decide(request, pk):
    if not may_decide(request.user):
        raise PermissionDenied
    claim = get_object_or_404(OfficeClaim, pk=pk)
    note = request.POST.get("decision_note", "")
    try:
        if "approve" in request.POST:
            account = _chosen_account(request.POST.get("account", "new"))
            user = claims.approve(claim, by=request.user, note=note, account=account)
            messages.success(
                request,
                f"{claim.name} さんの申請を承認しました。"
                + (
                    f"アカウント「{user.get_username()}」を作り、パスワードを決める案内を"
                    "メールで送ります。"
                    if account is None
                    else f"これまでのアカウント「{user.get_username()}」でこの事業所も"
                    "編集できるようにし、その案内をメールで送ります。"
                ),
            )
        elif "reject" in request.POST:
            claims.reject(claim, by=request.user, note=note)
            messages.success(request, f"{claim.name} さんの申請をお断りしました。")
        else:
            messages.error(request, "「承認する」か「お断りする」を選んでください。")
    except claims.ClaimError as error:
        messages.error(request, str(error))
    return redirect("office_claims:inspect", claim.pk)


def _chosen_account(value):
    """The existing account the operator picked ("new", or anything else that names none,
    makes a new one; claims.approve checks the pick is allowed)."""
    if value == "new" or not value.isdigit():
        return None
    account = get_user_model().objects.filter(pk=int(value)).first()
    if account is None:
        raise claims.ClaimError("選んだアカウントが見つかりません。もう一度選んでください。")
    return account


class ClaimViewSet(ModelViewSet):
    model = OfficeClaim
    icon = "user"
    menu_label = "編集アカウントの申請"
    menu_order = 160
    add_to_admin_menu = True
    name = "office_claims"
    inspect_view_enabled = True
    copy_view_enabled = False
    inspect_view_class = InspectView
    list_filter = ["status"]
    search_fields = ["name", "email", "facility__title"]
    inspect_view_fields = [
        "facility",
        "status",
        "name",
        "role",
        "email",
        "phone",
        "message",
        "created_at",
        "review_reason",
        "decided_at",
        "decided_by",
        "decision_note",
        "account",
    ]
    list_display = [
        TitleColumn("name", label="お名前", url_name="office_claims:inspect"),
        Column("role", label="役職・担当"),
        Column("facility", label="事業所"),
        Column("status", label="状況", accessor="get_status_display", sort_key="status"),
        DateColumn("created_at", label="申請日時", sort_key="created_at"),
    ]
    # Decisions are made with the buttons of the detail view, never by editing the row.
    form_fields = ["decision_note"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("decide/<int:pk>/", decide, name="decide")]

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .admin_views import (
    AccessPermissionPolicy,
    InquiryAccessViewSet,
    InquiryPermissionPolicy,
    InquiryViewSet,
    NoAddPermissionPolicy,
    OutboxViewSet,
)
from .claim_admin import ClaimPermissionPolicy, ClaimViewSet, may_decide
from .models import Inquiry, InquiryAccess, InquiryLogEntry, OfficeClaim, OutboxMessage
from .panels import ClaimPanel, InquiryPanel

register_permission_policy(Inquiry, InquiryPermissionPolicy(Inquiry))
register_permission_policy(OutboxMessage, NoAddPermissionPolicy(OutboxMessage))
register_permission_policy(InquiryAccess, AccessPermissionPolicy(InquiryAccess))
register_permission_policy(OfficeClaim, ClaimPermissionPolicy(OfficeClaim))


@hooks.register("register_admin_viewset")
def register_inquiries():
    return InquiryViewSet()


@hooks.register("register_admin_viewset")
def register_outbox():
    return OutboxViewSet()


@hooks.register("register_admin_viewset")
def register_inquiry_access():
    return InquiryAccessViewSet()


@hooks.register("register_admin_viewset")
def register_office_claims():
    return ClaimViewSet()


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_model(Inquiry, InquiryLogEntry)
    actions.register_model(OutboxMessage, InquiryLogEntry)
    # Grants ("wagtail.create") and revokes ("wagtail.delete") of reading an office's inquiries.
    actions.register_model(InquiryAccess, InquiryLogEntry)
    actions.register_model(OfficeClaim, InquiryLogEntry)
    actions.register_action(
        "inquiries.claim_approve", "申請の承認", "編集アカウントの申請を承認しました"
    )
    actions.register_action(
        "inquiries.claim_reject", "申請のお断り", "編集アカウントの申請をお断りしました"
    )
    actions.register_action("inquiries.view", "閲覧", "お問い合わせを閲覧しました")
    actions.register_action("inquiries.export", "書き出し", "お問い合わせを書き出しました")
    actions.register_action("inquiries.outbox_view", "送信メールの閲覧", "送信メールを閲覧しました")
    actions.register_action("inquiries.status", "状況の変更", "お問い合わせの状況を変更しました")
    actions.register_action("inquiries.note", "メモの追加", "対応メモを追加しました")
    actions.register_action("inquiries.assign", "担当者の変更", "担当者を変更しました")
    actions.register_action(
        "inquiries.hand_on", "事業所への引き継ぎ", "相談窓口あての申し込みを事業所に引き継ぎました"
    )
    actions.register_action(
        "inquiries.anonymise", "匿名化", "保存期間を過ぎたお問い合わせを匿名化しました"
    )


@hooks.register("construct_homepage_panels")
def add_inquiry_panel(request, panels):
    if InquiryPermissionPolicy(Inquiry).user_has_permission(request.user, "view"):
        panels.append(InquiryPanel(request.user))
    if may_decide(request.user):
        panels.append(ClaimPanel())


def fact_reminders(request):
    """Staff turn the monthly mail about their pages on or off."""
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.template.response import TemplateResponse

    from .models import FactReminder

    setting, _ = FactReminder.objects.get_or_create(user=request.user)
    if request.method == "POST":
        setting.enabled = bool(request.POST.get("enabled"))
        setting.save(update_fields=["enabled"])
        state = "受け取ります" if setting.enabled else "受け取りません"
        messages.success(request, f"毎月のお知らせメールを{state}。")
        return redirect("fact_reminders")
    return TemplateResponse(request, "inquiries/admin/fact_reminders.html", {"setting": setting})


@hooks.register("register_admin_urls")
def register_fact_reminder_urls():
    from django.urls import path

    return [path("fact-reminders/", fact_reminders, name="fact_reminders")]

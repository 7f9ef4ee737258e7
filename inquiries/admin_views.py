"""The inbox in the Wagtail admin: staff see their own office's inquiries, the operator all.

Every look at an inquiry, every export, status change and deletion is written to Wagtail's
audit log (edits and deletions by Wagtail itself, views, exports and status changes here).
"""

import django_filters

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import DateTimeField
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy

from facilities.widgets import FacilitySingleChooser
from home.dates import japanese_datetime
from home.models import SiteSettings
from home.spreadsheets import BOM, safe_cell

from . import handling
from .access import (
    handlers,
    mails_visible_to,
    reads_health,
    sees_all,
    staff_accounts,
    visible_to,
)
from .models import (
    HEALTH_FIELDS,
    Audience,
    Inquiry,
    InquiryAccess,
    Kind,
    OutboxMessage,
    Status,
    Writer,
    account_label,
)

# In place of what the person wrote about their health, for whoever the form did not name.
WITHHELD = {
    Audience.DESK: "（相談窓口が預かっています。ご本人の同意がないため、事業所には表示しません）",
    Audience.OFFICE: "（事業所の職員だけが読みます。申し込んだ方にそう伝えてあります）",
}


class NoAddPermissionPolicy(ModelPermissionPolicy):
    """Made by the site itself (by visitors, by the outbox): nobody adds one in the admin."""

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        return super().user_has_permission(user, action)


class InquiryPermissionPolicy(NoAddPermissionPolicy):
    """Staff see their own offices' inquiries; the operator sees all."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and (
            visible_to(user).filter(pk=instance.pk).exists()
        )

    def instances_user_has_permission_for(self, user, action):
        if not self.user_has_permission(user, action):
            return Inquiry.objects.none()
        return visible_to(user)


class ScopedObjectMixin:
    """Detail views find the inquiry (or its mail) only among those the user may see."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        scope = mails_visible_to if isinstance(obj, OutboxMessage) else visible_to
        if not scope(self.request.user).filter(pk=obj.pk).exists():
            raise PermissionDenied
        return obj


class InquiryFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label="種類", choices=Kind.choices, empty_label="すべて")
    status = django_filters.ChoiceFilter(label="状況", choices=Status.choices, empty_label="すべて")
    facility = django_filters.ModelChoiceFilter(
        label="事業所",
        queryset=lambda request: _facilities_for(request.user),
        empty_label="すべて",
    )
    created_at = django_filters.DateFromToRangeFilter(label="受付日", widget=DateRangePickerWidget)
    needs_review = django_filters.BooleanFilter(label="確認が必要（迷惑メールの疑い）")
    desk = django_filters.ChoiceFilter(
        label="相談窓口あて",
        choices=[("waiting", "事業所への引き継ぎ前"), ("all", "すべて（引き継いだものも）")],
        empty_label="指定しない",
        method="filter_desk",
    )

    class Meta:
        model = Inquiry
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None and not sees_all(request.user):
            del self.filters["desk"]  # an office's staff never see the desk's requests

    def filter_desk(self, queryset, name, value):
        desk = queryset.filter(audience=Audience.DESK)
        return desk.filter(handed_on_at__isnull=True) if value == "waiting" else desk


def _facilities_for(user):
    from facilities.models import FacilityPage

    offices = FacilityPage.objects.filter(inquiries__isnull=False)
    if not sees_all(user):
        offices = offices.filter(inquiry_access__user=user)
    return offices.distinct().order_by("title")


class IndexView(generic.IndexView):
    def to_row_dict(self, item):
        """Exported as a person reads it: Japanese labels, JST times, はい/いいえ."""
        return {
            "reference": item.reference,
            "kind": item.get_kind_display(),
            "office": item.office,
            "status": item.get_status_display(),
            "created_at": timezone.localtime(item.created_at).strftime("%Y-%m-%d %H:%M"),
            "needs_review": "はい" if item.needs_review else "いいえ",
        }

    def write_csv_row(self, writer, row_dict):
        # The office name may be typed by a visitor: never a formula in Excel.
        return writer.writerow({field: safe_cell(value) for field, value in row_dict.items()})

    def stream_csv(self, queryset):
        yield BOM  # Excel reads UTF-8 as such only after a byte-order mark
        yield from super().stream_csv(queryset)

    def get_base_queryset(self):
        return visible_to(self.request.user, super().get_base_queryset()).select_related("facility")

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.is_export:
            # One entry on the audit log of each inquiry exported.
            for inquiry in self.get_queryset():
                log(inquiry, "inquiries.export", user=request.user)
        return response


class InspectView(ScopedObjectMixin, generic.InspectView):
    template_name = "inquiries/admin/inspect.html"

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        log(obj, "inquiries.view", user=self.request.user)
        self.reads_health = reads_health(self.request.user, obj)
        return obj

    def get_field_display_value(self, field_name, field):
        if field_name in HEALTH_FIELDS and not self.reads_health:
            return WITHHELD[self.object.audience]
        if isinstance(field, DateTimeField):
            value = getattr(self.object, field_name)
            return japanese_datetime(value) if value else "—"  # stored in UTC, read in JST
        if field_name == "client_consent" and self.object.writer != Writer.SUPPORTER:
            return "—"  # asked of supporters only: 「いいえ」 would read as a refusal
        value = super().get_field_display_value(field_name, field)
        if value is True:
            return "はい"
        if value is False:
            return "いいえ"
        return "—" if value in (None, "") else value

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["notes"] = self.object.notes.select_related("author")
        context["statuses"] = Status.choices
        context["status_note"] = handling.status_note(self.object)
        context["may_change"] = self.permission_policy.user_has_permission(
            self.request.user, "change"
        )
        context["mails"] = mails_visible_to(self.request.user, self.object.mails.all())
        if sees_all(self.request.user) and self.object.audience == Audience.DESK:
            context["hand_on_blocked"] = handling.may_hand_on(self.object)
            context["hand_on_url"] = reverse("inquiries:hand_on", args=[self.object.pk])
        return context


class InquiryForm(WagtailAdminModelForm):
    new_note = forms.CharField(
        label="対応メモを追加",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="職員どうしのメモです。申し込んだ方には送られません。",
    )

    class Meta:
        model = Inquiry
        fields = ["status", "status_reason", "assignee"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only people who may read this inquiry can be put in charge of it, named as people.
        self.fields["assignee"].queryset = handlers(self.instance)
        self.fields["assignee"].label_from_instance = account_label

    def clean(self):
        data = super().clean()
        if data.get("status") == Status.DECLINED and not data.get("status_reason"):
            self.add_error("status_reason", "見送りにするときは、理由を入力してください。")
        return data


class EditView(ScopedObjectMixin, generic.EditView):
    def save_instance(self):
        inquiry = self.form.save(commit=False)
        handling.change_status(
            inquiry,
            inquiry.status,
            user=self.request.user,
            site_settings=SiteSettings.for_request(self.request),
            note=self.form.cleaned_data.get("new_note", ""),
        )
        return inquiry


@require_POST
def change_status(request, pk):
    """The one-step status change of the list and the detail view (no edit form between)."""
    inquiry = visible_to(request.user).filter(pk=pk).first()
    if inquiry is None or not InquiryPermissionPolicy(Inquiry).user_has_permission(
        request.user, "change"
    ):
        raise PermissionDenied
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = reverse("inquiries:inspect", args=[inquiry.pk])
    status = request.POST.get("status", "")
    reason = request.POST.get("status_reason")
    try:
        mail_ids = handling.change_status(
            inquiry,
            status,
            user=request.user,
            site_settings=SiteSettings.for_request(request),
            reason=reason,
        )
    except handling.StatusError as error:
        messages.error(request, f"受付番号 {inquiry.reference}：{error}")
        return redirect(back)
    told = "支援者にメールでお知らせします。" if mail_ids else ""
    status = inquiry.get_status_display()
    messages.success(
        request, f"受付番号 {inquiry.reference} の状況を「{status}」にしました。{told}"
    )
    return redirect(back)


@require_POST
def hand_on(request, pk):
    """The desk lets the office's staff read a request it received (handling.hand_on)."""
    inquiry = Inquiry.objects.filter(pk=pk).first()
    if inquiry is None or not (
        sees_all(request.user)
        and InquiryPermissionPolicy(Inquiry).user_has_permission(request.user, "change")
    ):
        raise PermissionDenied
    try:
        handling.hand_on(
            inquiry,
            user=request.user,
            note=request.POST.get("handover_note", ""),
            health_shared=request.POST.get("health_shared") == "1",
            site_settings=SiteSettings.for_request(request),
        )
    except handling.HandOnError as error:
        messages.error(request, f"受付番号 {inquiry.reference}：{error}")
    else:
        messages.success(
            request,
            f"受付番号 {inquiry.reference} を「{inquiry.office}」の職員に引き継ぎました。"
            "職員にメールでお知らせします。",
        )
    return redirect("inquiries:inspect", inquiry.pk)


class StatusColumn(Column):
    """The status, with a menu and a button that change it in one step."""

    cell_template_name = "inquiries/admin/status_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        # 見送り needs a reason, which the list has no room for: it is chosen on the detail.
        context["statuses"] = [c for c in Status.choices if c[0] != Status.DECLINED]
        context["declined"] = instance.status == Status.DECLINED
        context["next"] = request.get_full_path() if request else ""
        context["note"] = handling.status_note(instance)
        return context

    def render_cell_html(self, instance, parent_context):
        # With the request, as a page is rendered: a cell's plain context has no CSRF token,
        # and its form would be refused.
        context = self.get_cell_context_data(instance, parent_context)
        return self.cell_template.render(context, request=context["request"])


class DeleteView(ScopedObjectMixin, generic.DeleteView):
    pass


class HistoryView(ScopedObjectMixin, history.HistoryView):
    pass


class UsageView(ScopedObjectMixin, usage.UsageView):
    pass


class InquiryViewSet(ModelViewSet):
    model = Inquiry
    icon = "mail"
    menu_label = "お問い合わせ"
    menu_order = 150
    add_to_admin_menu = True
    name = "inquiries"
    inspect_view_enabled = True
    copy_view_enabled = False
    index_view_class = IndexView
    inspect_view_class = InspectView
    edit_view_class = EditView
    delete_view_class = DeleteView
    history_view_class = HistoryView
    usage_view_class = UsageView
    edit_handler = ObjectList(
        [
            FieldPanel("status"),
            FieldPanel("status_reason"),
            FieldPanel("assignee"),
            FieldPanel("new_note"),
        ],
        base_form_class=InquiryForm,
    )
    filterset_class = InquiryFilterSet
    search_fields = ["reference", "name", "facility_name"]
    list_export = ["reference", "kind", "office", "status", "created_at", "needs_review"]
    export_headings = {
        "reference": "受付番号",
        "kind": "種類",
        "office": "事業所",
        "status": "状況",
        "created_at": "受付日時",
        "needs_review": "要確認",
    }
    export_filename = "inquiries"
    inspect_view_fields = [
        "reference",
        "kind",
        "office",
        "audience_text",
        "handover_note",
        "created_at",
        "status",
        "status_reason",
        "assignee",
        "needs_review",
        "review_reason",
        "writer",
        "name",
        "name_kana",
        "person_name",
        "organisation",
        "role",
        "email",
        "phone",
        "contact_method",
        "contact_times",
        "preferred_dates_text",
        "certificate",
        "wishes",
        "support_needs",
        "message",
        "client_consent",
    ]

    list_display = [
        # The reference opens the detail view: reading comes first, editing is a step further.
        TitleColumn(
            "reference", label="受付番号", url_name="inquiries:inspect", sort_key="reference"
        ),
        Column("kind", label="種類", accessor="get_kind_display", sort_key="kind"),
        Column("name", label="お名前"),
        Column("writer", label="書いた方", accessor="get_writer_display"),
        Column("office", label="事業所"),
        StatusColumn("status", label="状況", accessor="get_status_display", sort_key="status"),
        Column("review", label="要確認", accessor="review_label"),
        DateColumn("created_at", label="受付日時", sort_key="created_at"),
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("status/<int:pk>/", change_status, name="status"),
            path("hand-on/<int:pk>/", hand_on, name="hand_on"),
        ]


class OutboxIndexView(generic.IndexView):
    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related("inquiry")
        return mails_visible_to(self.request.user, queryset)


class OutboxInspectView(ScopedObjectMixin, generic.InspectView):
    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        log(obj, "inquiries.outbox_view", user=self.request.user)
        return obj


class OutboxEditView(ScopedObjectMixin, generic.EditView):
    pass


class OutboxDeleteView(ScopedObjectMixin, generic.DeleteView):
    pass


class OutboxHistoryView(ScopedObjectMixin, history.HistoryView):
    pass


class OutboxUsageView(ScopedObjectMixin, usage.UsageView):
    pass


class OutboxFilterSet(WagtailFilterSet):
    waiting = django_filters.BooleanFilter(
        label="未送信のみ", field_name="sent_at", lookup_expr="isnull"
    )
    failing = django_filters.BooleanFilter(label="送信に失敗しているもの", method="filter_failing")

    class Meta:
        model = OutboxMessage
        fields = []

    def filter_failing(self, queryset, name, value):
        if value:
            return queryset.filter(attempts__gt=0, sent_at__isnull=True)
        return queryset


class OutboxViewSet(ModelViewSet):
    """Mails waiting, sent or failing: the operator sees here when the mail server is down."""

    model = OutboxMessage
    icon = "mail"
    menu_label = "送信メール"
    menu_order = 160
    add_to_admin_menu = True
    name = "outbox"
    index_view_class = OutboxIndexView
    inspect_view_class = OutboxInspectView
    edit_view_class = OutboxEditView
    delete_view_class = OutboxDeleteView
    history_view_class = OutboxHistoryView
    usage_view_class = OutboxUsageView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = OutboxFilterSet
    form_fields = ["next_attempt_at"]
    inspect_view_fields = [
        "to",
        "subject",
        "purpose_label",
        "state",
        "attempts",
        "last_error",
        "message_id",
        "resent_note",
    ]

    list_display = [
        "subject",
        Column("to", label="宛先"),
        Column("state", label="状態"),
        Column("last_error", label="最後のエラー"),
        # A mail sent again after its sender died: the recipient may have it twice.
        Column("resent_note", label="備考"),
        DateColumn("created_at", label="作成日時", sort_key="created_at"),
    ]


class StaffAccountField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return account_label(obj)


class InquiryAccessForm(WagtailAdminModelForm):
    class Meta:
        model = InquiryAccess
        fields = ["facility", "user"]
        field_classes = {"user": StaffAccountField}
        # A chooser with the directory's search: a select of ~10,000 offices would be
        # unusable, and Wagtail's page chooser does not find imported offices by name.
        widgets = {"facility": FacilitySingleChooser}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Staff accounts only: not visitors' accounts, not operators (who see all already).
        self.fields["user"].queryset = staff_accounts()
        self.fields["user"].help_text = (
            "管理画面に入れる職員のアカウントだけが選べます。"
            "アカウントは「設定」→「ユーザー」で作り、グループに入れてください。"
        )
        self.fields["facility"].help_text = "この職員がお問い合わせを読む事業所です。"


class AccessPermissionPolicy(ModelPermissionPolicy):
    """Granted and revoked, never edited: a change is a revoke and a new grant, both logged."""

    def user_has_permission(self, user, action):
        if action == "change":
            return False
        return super().user_has_permission(user, action)


class AccessCreateView(generic.CreateView):
    def save_instance(self):
        self.form.instance.granted_by = self.request.user
        return super().save_instance()


class InquiryAccessViewSet(ModelViewSet):
    """The operator's list of who reads which office's inquiries (設定 → お問い合わせの閲覧許可)."""

    model = InquiryAccess
    icon = "lock"
    menu_label = "お問い合わせの閲覧許可"
    add_to_settings_menu = True
    name = "inquiry_access"
    url_prefix = "inquiry-access"
    add_view_class = AccessCreateView
    copy_view_enabled = False
    inspect_view_enabled = False
    form_fields = ["facility", "user"]
    edit_handler = ObjectList(
        [FieldPanel("facility"), FieldPanel("user")], base_form_class=InquiryAccessForm
    )
    search_fields = ["facility__title", "user__username", "user__last_name", "user__first_name"]
    list_filter = []
    list_display = [
        Column("facility", label="事業所", accessor="facility"),
        Column("user", label="職員", accessor="user_label"),
        Column("granted_by", label="許可した人", accessor="granted_by_label"),
        DateColumn("granted_at", label="許可した日時", sort_key="granted_at"),
    ]

"""Visit, trial and general inquiries, their routing, and the mail outbox that delivers them.

An inquiry is stored first, in one transaction with the mails it causes (the outbox rows);
the mails go out afterwards (`send_outbox`), with retries, so a broken mail server delays
mail but loses nothing.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable
from wagtail.models.audit_log import BaseLogEntry, ModelLogEntryManager

from home.dates import japanese_date, japanese_datetime
from home.models import ContentPage


class Kind(models.TextChoices):
    VISIT = "visit", "見学"
    TRIAL = "trial", "体験利用"
    GENERAL = "general", "お問い合わせ"


class Writer(models.TextChoices):
    SELF = "self", "本人"
    FAMILY = "family", "家族"
    SUPPORTER = "supporter", "支援者（相談支援専門員・ソーシャルワーカーなど）"


class ContactMethod(models.TextChoices):
    EITHER = "either", "どちらでもよい"
    EMAIL = "email", "メール"
    PHONE = "phone", "電話"


class Certificate(models.TextChoices):
    HAS = "has", "持っている"
    APPLYING = "applying", "申請中"
    NOT_YET = "not_yet", "まだ持っていない"
    UNKNOWN = "unknown", "わからない"


class Status(models.TextChoices):
    NEW = "new", "新規"
    CONTACTED = "contacted", "連絡済み"
    SCHEDULING = "scheduling", "日程調整中"
    VISITED = "visited", "見学済み"
    TRIAL = "trial", "体験中"
    STARTED = "started", "利用開始"
    DECLINED = "declined", "見送り"
    DONE = "done", "完了"


class Audience(models.TextChoices):
    """Who the person was told would read what they wrote, fixed when the form was sent."""

    OFFICE = "office", "事業所の職員"
    DESK = "desk", "相談窓口"


CLOSED_STATUSES = {Status.STARTED, Status.DECLINED, Status.DONE}
# What a person may have written about their health or disability (the 受給者証 answer is
# disability information too): read only by whom the form named (inquiries.access.reads_health).
HEALTH_FIELDS = ("support_needs", "message", "certificate")
# Unambiguous letters and digits for reference numbers read out on the phone (no 0/O, 1/I/L).
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_reference(kind, today=None):
    """「V-261121-7KQ3」: kind, date, and four characters a person can read out."""
    today = today or timezone.localdate()
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(4))
    return f"{kind[0].upper()}-{today:%y%m%d}-{code}"


class Inquiry(models.Model):
    # Never listed among a page's references (「…か所から参照」): who wrote to an office,
    # who reads it and who claimed it are not for whoever edits the page.
    wagtail_reference_index_ignore = True

    reference = models.CharField("受付番号", max_length=20, unique=True, editable=False)
    kind = models.CharField("種類", max_length=10, choices=Kind.choices)
    facility = models.ForeignKey(
        "facilities.FacilityPage",
        verbose_name="事業所",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inquiries",
    )
    facility_name = models.CharField(
        "事業所名（受付時）", max_length=255, blank=True, editable=False
    )
    writer = models.CharField("書いた人", max_length=10, choices=Writer.choices)
    name = models.CharField("お名前", max_length=100)
    name_kana = models.CharField("ふりがな", max_length=100, blank=True)
    person_name = models.CharField(
        "利用を考えている方のお名前", max_length=100, blank=True, help_text="家族・支援者が書くとき"
    )
    organisation = models.CharField("所属（事業所・機関名）", max_length=200, blank=True)
    role = models.CharField("職種・役割", max_length=100, blank=True)
    email = models.EmailField("メールアドレス", blank=True)
    phone = models.CharField("電話番号", max_length=30, blank=True)
    contact_method = models.CharField(
        "連絡方法の希望", max_length=10, choices=ContactMethod.choices, default="either"
    )
    contact_times = models.CharField("連絡してよい時間帯", max_length=200, blank=True)
    preferred_dates = models.JSONField("希望日", default=list, blank=True)
    certificate = models.CharField(
        "受給者証", max_length=10, choices=Certificate.choices, blank=True
    )
    wishes = models.TextField("やってみたいこと", blank=True)
    support_needs = models.TextField("配慮してほしいこと", blank=True)
    message = models.TextField("メッセージ", blank=True)
    consent = models.BooleanField("個人情報の取り扱いへの同意", default=False)
    client_consent = models.BooleanField("ご本人の同意（支援者が書くとき）", default=False)

    created_at = models.DateTimeField("受付日時", default=timezone.now, db_index=True)
    status = models.CharField(
        "状況", max_length=12, choices=Status.choices, default=Status.NEW, db_index=True
    )
    status_reason = models.CharField("見送りの理由", max_length=200, blank=True)
    closed_at = models.DateTimeField("終了日時", null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="担当者",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The promise made on the form: the office's staff, or the site's desk (an office with no
    # address of its own here). A later claim of the office never changes it; only the desk
    # hands a request on, as its own audited step (inquiries.handling.hand_on).
    audience = models.CharField(
        "読む人（送信したときの約束）",
        max_length=10,
        choices=Audience.choices,
        default=Audience.DESK,
        editable=False,
    )
    handed_on_at = models.DateTimeField(
        "事業所に引き継いだ日時", null=True, blank=True, editable=False
    )
    handed_on_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="引き継いだ人",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    health_shared = models.BooleanField(
        "体調や障害の内容を事業所に伝えることへの同意", default=False, editable=False
    )
    handover_note = models.TextField("事業所への引き継ぎメモ", blank=True, editable=False)
    needs_review = models.BooleanField("確認が必要（迷惑メールの疑い）", default=False)
    review_reason = models.CharField("確認が必要な理由", max_length=200, blank=True)
    anonymised_at = models.DateTimeField("匿名化した日時", null=True, blank=True)
    # One per form shown: a second POST of the same form (a double click) finds the first.
    form_token = models.CharField(max_length=64, unique=True, editable=False)
    client_key = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    contact_key = models.CharField(max_length=64, blank=True, editable=False, db_index=True)

    class Meta:
        verbose_name = "お問い合わせ"
        verbose_name_plural = "お問い合わせ"
        ordering = ["-created_at"]
        permissions = [("view_all_inquiries", "すべての事業所のお問い合わせを見る")]

    def __str__(self):
        return f"{self.reference}（{self.get_kind_display()}）"

    @property
    def office(self):
        """The office's name for lists and mails (「事業所は未定」 when none was chosen)."""
        return self.facility.title if self.facility else self.facility_name or "事業所は未定"

    office.fget.short_description = "事業所"

    @property
    def office_reads(self):
        """Whether the office's staff may read it: sent to them, or handed on by the desk."""
        return self.audience == Audience.OFFICE or self.handed_on_at is not None

    @property
    def health_withheld(self):
        """Whether the office's staff are kept from what the person wrote about their health."""
        return self.audience == Audience.DESK and not self.health_shared

    @property
    def audience_text(self):
        if self.audience == Audience.OFFICE:
            return "事業所の職員（送信したときの約束）"
        if self.handed_on_at is None:
            return "相談窓口だけ（送信したときの約束）"
        shared = "伝えた" if self.health_shared else "伝えていない（同意がないため）"
        return (
            f"相談窓口が受け付け、{japanese_datetime(self.handed_on_at)}に事業所へ引き継ぎ"
            f"（体調や障害についての内容は{shared}）"
        )

    audience_text.fget.short_description = "読む人"

    @property
    def preferred_dates_text(self):
        times = {"am": "午前", "pm": "午後"}
        return "、".join(
            f"{japanese_date(item['date'])} {times.get(item.get('time'), 'いつでも')}"
            for item in self.preferred_dates or []
        )

    preferred_dates_text.fget.short_description = "希望日"

    @property
    def review_label(self):
        return "要確認" if self.needs_review else ""


class InquiryNote(models.Model):
    """A staff member's internal note on an inquiry (never sent to the person)."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField("メモ")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        verbose_name = "対応メモ"

    def __str__(self):
        return self.text[:40]


def new_message_id():
    """A mail's Message-ID (OutboxMessage's default), at the site's own domain: that of
    DEFAULT_FROM_EMAIL, or else BASE_URL's host."""
    from email.utils import parseaddr
    from urllib.parse import urlsplit

    from django.core.mail import make_msgid

    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2].lower()
    if domain in ("", "localhost"):
        domain = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"
    try:
        domain = domain.encode("idna").decode("ascii")  # a header is ASCII: 例え.jp too
    except UnicodeError:
        domain = "localhost"
    return make_msgid(domain=domain)


class OutboxMessage(models.Model):
    """A mail waiting to be sent, or sent, or failing (with the last error)."""

    RESENT_NOTE = "前回の送信が途中で止まったため、同じMessage-IDで送り直しました"
    # What each kind of mail is for, as the operator reads it in the 送信メール list.
    PURPOSES = {
        "staff": "事業所・相談窓口への新しい申し込みのお知らせ",
        "confirmation": "申し込んだ方への受付の確認",
        "status": "紹介した支援者への状況のお知らせ",
        "hand_on": "相談窓口から事業所への引き継ぎのお知らせ",
        "claim_received": "運営者への編集アカウントの申請のお知らせ",
        "claim_invitation": "編集アカウントのご案内",
        "claim_rejected": "編集アカウントの申請へのお断り",
        "password_reset": "パスワードの設定・再設定のご案内",
        "email_change": "メールアドレス変更の確認",
        "email_change_notice": "メールアドレスが変わったことのお知らせ",
        "fact_reminder": "事業所の職員への毎月のお知らせ",
    }

    # Deleted with its inquiry: the mail holds the same person's address and name.
    inquiry = models.ForeignKey(
        Inquiry, null=True, blank=True, on_delete=models.CASCADE, related_name="mails"
    )
    purpose = models.CharField("目的", max_length=40)
    to = models.EmailField("宛先")
    subject = models.CharField("件名", max_length=200)
    body = models.TextField("本文")
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField("送信を試みた回数", default=0)
    next_attempt_at = models.DateTimeField("次に送る日時", default=timezone.now, db_index=True)
    sent_at = models.DateTimeField("送信日時", null=True, blank=True, db_index=True)
    last_error = models.TextField("最後のエラー", blank=True)
    # A sender that is about to send this mail holds it until then, so that two senders
    # (the watching sender and a cron run, say) never both send it.
    claimed_until = models.DateTimeField("送信中（この時刻まで）", null=True, blank=True)
    # Sent as the Message-ID header on every attempt: a copy sent again after a sender died
    # is recognisable as the same mail by the receiving side (and by whoever reads both).
    message_id = models.CharField(
        "Message-ID", max_length=255, unique=True, default=new_message_id, editable=False
    )
    # How often a sender died with this mail in hand (its claim ran out with no result) and it
    # was sent again: the server may have received it once more, never silently.
    interrupted = models.PositiveSmallIntegerField("途中で止まって送り直した回数", default=0)

    class Meta:
        ordering = ["created_at"]
        verbose_name = "送信メール"
        verbose_name_plural = "送信メール"

    def __str__(self):
        return f"{self.subject} → {self.to}"

    @property
    def state(self):
        if self.sent_at:
            return "送信済み"
        return "送信待ち" if not self.attempts else f"再送待ち（{self.attempts}回失敗）"

    state.fget.short_description = "状態"

    @property
    def resent_note(self):
        if not self.interrupted:
            return ""
        times = f"（{self.interrupted}回）" if self.interrupted > 1 else ""
        return self.RESENT_NOTE + times

    resent_note.fget.short_description = "備考"

    @property
    def purpose_label(self):
        return self.PURPOSES.get(self.purpose, self.purpose)

    purpose_label.fget.short_description = "目的"


class InquiryRoute(Orderable):
    """Who at a facility receives which kinds of inquiry (edited on the facility page)."""

    facility = ParentalKey(
        "facilities.FacilityPage", on_delete=models.CASCADE, related_name="inquiry_routes"
    )
    email = models.EmailField("宛先メールアドレス")
    label = models.CharField(
        "担当", max_length=60, blank=True, help_text="例：管理者、サービス管理責任者"
    )
    visit = models.BooleanField("見学", default=True)
    trial = models.BooleanField("体験利用", default=True)
    general = models.BooleanField("お問い合わせ", default=True)

    panels = [
        FieldRowPanel([FieldPanel("email"), FieldPanel("label")]),
        FieldRowPanel([FieldPanel("visit"), FieldPanel("trial"), FieldPanel("general")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "お問い合わせの宛先"

    def receives(self, kind):
        return bool(getattr(self, kind, False))


class InquiryAccess(models.Model):
    """A staff account that may read one office's inquiries (and sees only those offices').

    Not page content: granted and revoked by the operator in its own admin view, each change
    in the inquiry audit log. Editing, publishing or reverting the office's page never
    changes it.
    """

    wagtail_reference_index_ignore = True  # not one of the page's references (see Inquiry)

    facility = models.ForeignKey(
        "facilities.FacilityPage",
        verbose_name="事業所",
        on_delete=models.CASCADE,
        related_name="inquiry_access",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="職員のアカウント",
        on_delete=models.CASCADE,
        related_name="inquiry_access",
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="許可した人",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField("許可した日時", default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["facility", "user"],
                name="one_access_per_office",
                violation_error_message="この職員は、この事業所のお問い合わせをすでに読めます。",
            )
        ]
        ordering = ["facility__title", "user__username"]
        verbose_name = "お問い合わせの閲覧許可"
        verbose_name_plural = "お問い合わせの閲覧許可"

    def __str__(self):
        return f"{account_label(self.user)} → {self.facility.title}"

    @property
    def user_label(self):
        return account_label(self.user)

    @property
    def granted_by_label(self):
        # Rows moved from the facility pages by the migration have nobody.
        return account_label(self.granted_by) if self.granted_by else "（以前の設定から移行）"


def account_label(user):
    """「山田 花子（hanako）」: how an account is named in the admin's lists and logs."""
    name = f"{user.last_name} {user.first_name}".strip()
    return f"{name}（{user.get_username()}）" if name else user.get_username()


class ClaimStatus(models.TextChoices):
    PENDING = "pending", "確認待ち"
    APPROVED = "approved", "承認済み"
    REJECTED = "rejected", "お断り"


class OfficeClaim(models.Model):
    """A request from an office's staff member for an account that edits its page.

    Never public. The operator checks it (a call to the office's official phone from the open
    data) and approves or rejects it in the admin; both are audited (InquiryLogEntry).
    """

    wagtail_reference_index_ignore = True  # not one of the page's references (see Inquiry)

    facility = models.ForeignKey(
        "facilities.FacilityPage",
        verbose_name="事業所",
        on_delete=models.CASCADE,
        related_name="claims",
    )
    name = models.CharField("お名前", max_length=100)
    role = models.CharField("役職・担当", max_length=100)
    email = models.EmailField("メールアドレス")
    phone = models.CharField("日中の連絡先（電話）", max_length=30, blank=True)
    message = models.TextField("運営者への連絡事項", blank=True)
    status = models.CharField(
        "状況", max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.PENDING
    )
    created_at = models.DateTimeField("申請日時", default=timezone.now, db_index=True)
    review_reason = models.CharField("機械的な確認の結果", max_length=300, blank=True)
    client_key = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    decided_at = models.DateTimeField("判断した日時", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="判断した人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_note = models.TextField("判断の理由・確認の記録", blank=True)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="作成したアカウント",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="office_claims",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "編集アカウントの申請"
        verbose_name_plural = "編集アカウントの申請"

    def __str__(self):
        return f"{self.name}（{self.facility.title}）"


class FactReminder(models.Model):
    """Whether an office's staff member gets the monthly mail about stale and missing facts."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="fact_reminder"
    )
    enabled = models.BooleanField("毎月のお知らせメールを受け取る", default=True)
    last_sent_at = models.DateTimeField("最後に送った日時", null=True, blank=True)

    class Meta:
        verbose_name = "毎月のお知らせメール"

    def __str__(self):
        return f"{account_label(self.user)}：{'受け取る' if self.enabled else '受け取らない'}"


class InquiryPage(RoutablePageMixin, ContentPage):
    """The contact page: the three inquiry forms (?kind=visit|trial|general&facility=ID)."""

    accepts_post = True  # its forms (see home.wagtail_hooks)

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    template = "inquiries/inquiry_page.html"

    class Meta:
        verbose_name = "お問い合わせページ"
        verbose_name_plural = "お問い合わせページ"

    @path("")
    def form_route(self, request):
        from . import views

        return views.inquiry_form(self, request)

    @path("thanks/", name="thanks")
    def thanks_route(self, request):
        from . import views

        return views.thanks(self, request)


class InquiryLogEntryManager(ModelLogEntryManager):
    def viewable_by_user(self, user):
        """Entries about the inquiries (and their mails) this user may see, and no others:
        the site history report otherwise lists every office's references to any staff.

        Not the parent's check: it caches, on the user, the content types found in Wagtail's
        general log, where these entries are not."""
        from .access import mails_visible_to, sees_all, visible_to

        if user.is_superuser:
            return self.all()
        allowed = models.Q(pk__in=[])
        for model, perm, visible in (
            ("inquiry", "view_inquiry", visible_to),
            ("outboxmessage", "view_outboxmessage", mails_visible_to),
        ):
            if user.has_perm(f"inquiries.{perm}"):
                mine = models.Q(content_type__app_label="inquiries", content_type__model=model)
                if not sees_all(user):
                    ids = [str(pk) for pk in visible(user).values_list("pk", flat=True)]
                    mine &= models.Q(object_id__in=ids)
                allowed |= mine
        if user.has_perm("inquiries.view_inquiryaccess"):
            # Grants and revokes: for the operators who manage them.
            allowed |= models.Q(
                content_type__app_label="inquiries", content_type__model="inquiryaccess"
            )
        return self.filter(allowed)


class InquiryLogEntry(BaseLogEntry):
    """The audit log of inquiries and their mails, kept apart from Wagtail's general log so
    that each staff member sees only their offices' entries."""

    object_id = models.CharField(max_length=255, db_index=True)

    objects = InquiryLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = "お問い合わせの記録"
        verbose_name_plural = "お問い合わせの記録"

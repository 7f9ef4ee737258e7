"""The inquiry form: only what the office needs, optional fields marked, plain Japanese errors."""

import datetime
import unicodedata

from django_recaptcha.widgets import ReCaptchaV3

from django import forms
from django.conf import settings
from django.utils import timezone

from . import spam
from .models import Certificate, ContactMethod, Kind, Writer

TIMES_OF_DAY = [("", "いつでも"), ("am", "午前"), ("pm", "午後")]
MAX_DATES = 3
TEXT_LIMIT = 4000
MESSAGE_LIMIT = 10000
REQUIRED = "入力してください。"


def _text(label, max_length, required=False, help_text="", textarea=False, **attrs):
    widget = forms.Textarea(attrs={"rows": 4, **attrs}) if textarea else forms.TextInput(attrs)
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=widget,
        error_messages={
            "required": REQUIRED,
            "max_length": f"{max_length:,}文字以内で入力してください（いま%(show_value)d文字）。",
        },
    )


class HalfWidthEmailField(forms.EmailField):
    """An address typed in full-width letters (ｎａｍｅ＠ｅｘａｍｐｌｅ．ｊｐ) is read as the
    half-width one it stands for (NFKC), not refused."""

    def to_python(self, value):
        return super().to_python(unicodedata.normalize("NFKC", value or ""))


class DescribedForm(forms.Form):
    """A public form whose inputs are tied to their help text and error (aria-describedby,
    aria-invalid), before and after validation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._describe()

    def full_clean(self):
        super().full_clean()
        self._describe()

    def _describe(self):
        """Tie each input to its help text and error (aria-describedby, aria-invalid)."""
        errors = getattr(self, "_errors", None) or {}
        for name, field in self.fields.items():
            if isinstance(field.widget, (forms.RadioSelect, forms.HiddenInput)):
                continue
            ids = [f"id_{name}-help"] if field.help_text else []
            if name in errors:
                ids.append(f"id_{name}-error")
                field.widget.attrs["aria-invalid"] = "true"
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)


class InquiryForm(DescribedForm):
    """One form for the three kinds; dates and the 受給者証 only where they matter."""

    writer = forms.ChoiceField(
        label="書いている方",
        choices=Writer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "どなたが書いているか選んでください。"},
    )
    name = _text("お名前", 100, required=True, autocomplete="name")
    name_kana = _text("ふりがな", 100, help_text="ひらがなで入力します。")
    person_name = _text(
        "利用を考えている方のお名前",
        100,
        help_text="ご家族・支援者の方が書くときに入力します。",
    )
    organisation = _text(
        "所属（事業所・機関の名前）", 200, help_text="支援者の方は入力してください。"
    )
    role = _text("職種・役割", 100, help_text="例：相談支援専門員、MSW")
    facility_name = _text(
        "事業所の名前", 200, help_text="決まっていなければ空欄のままで構いません。"
    )
    email = HalfWidthEmailField(
        label="メールアドレス",
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "invalid": "メールアドレスの形が正しくありません（半角で、例：name@example.jp）。"
        },
    )
    phone = forms.RegexField(
        label="電話番号",
        required=False,
        max_length=30,
        regex=r"^[0-9０-９\-ー－() +（）]{10,30}$",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        help_text="例：090-0000-0000",
        error_messages={
            "invalid": "電話番号は数字とハイフンで入力してください（例：090-0000-0000）。"
        },
    )
    contact_method = forms.ChoiceField(
        label="連絡方法の希望",
        choices=ContactMethod.choices,
        initial=ContactMethod.EITHER,
        widget=forms.RadioSelect,
    )
    contact_times = _text("連絡してよい時間帯", 200, help_text="例：平日の午後3時以降")
    certificate = forms.ChoiceField(
        label="受給者証（障害福祉サービス受給者証）",
        choices=[("", "選んでください"), *Certificate.choices],
        required=False,
        help_text="わからなくても大丈夫です。",
    )
    wishes = _text(
        "やってみたいこと", TEXT_LIMIT, textarea=True, help_text="例：パン作り、パソコン作業"
    )
    support_needs = _text(
        "配慮してほしいこと",
        TEXT_LIMIT,
        textarea=True,
        help_text="体調や障害のことで、知っておいてほしいことがあれば。",
    )
    message = _text("メッセージ", MESSAGE_LIMIT, textarea=True)
    consent = forms.BooleanField(
        label="個人情報の取り扱いに同意します",
        error_messages={
            "required": "同意いただけないと送信できません。"
            "内容を確かめて、チェックを入れてください。"
        },
    )
    client_consent = forms.BooleanField(
        label="ご本人から、この申し込みをすることと情報を伝えることの同意を得ています",
        required=False,
    )
    # Left empty by people (it is hidden); robots fill every field they find.
    homepage = forms.CharField(label="この欄は空のままにしてください", required=False)
    ticket = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, kind=Kind.GENERAL, facility=None, recipient=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.facility = facility
        if recipient is not None:
            # Says who reads it, as the page around it does (inquiries.routing.Recipient).
            self.fields["support_needs"].help_text += (
                f"{recipient.name}の担当者だけが読みます。事業所には、あなたに確かめてから伝えます。"
                if recipient.via_desk_to_office
                else f"{recipient.name}の担当者だけが読みます。"
            )
        if facility is not None:
            del self.fields["facility_name"]
        if spam.recaptcha_enabled():
            # Invisible (v3): a score, never a puzzle to solve.
            self.fields["captcha"] = forms.CharField(
                required=False,
                widget=ReCaptchaV3(attrs={"data-sitekey": settings.RECAPTCHA_PUBLIC_KEY}),
            )
        if kind in (Kind.VISIT, Kind.TRIAL):
            for n in range(1, MAX_DATES + 1):
                self.fields[f"date_{n}"] = forms.DateField(
                    label=f"希望日（第{n}希望）",
                    required=False,
                    widget=forms.DateInput(attrs={"type": "date"}),
                    error_messages={"invalid": "日付は 2026-12-01 のように入力してください。"},
                )
                self.fields[f"time_{n}"] = forms.ChoiceField(
                    label=f"時間帯（第{n}希望）", choices=TIMES_OF_DAY, required=False
                )
        else:
            del self.fields["certificate"]
            del self.fields["wishes"]

        self._describe()

    @property
    def date_rows(self):
        return [
            (self[f"date_{n}"], self[f"time_{n}"])
            for n in range(1, MAX_DATES + 1)
            if f"date_{n}" in self.fields
        ]

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean(self):
        data = super().clean()
        email, phone = data.get("email"), data.get("phone")
        method = data.get("contact_method")
        if "email" not in self.errors and "phone" not in self.errors:
            if not email and not phone:
                self.add_error("email", "メールアドレスか電話番号の、どちらかを入力してください。")
            elif method == ContactMethod.EMAIL and not email:
                self.add_error(
                    "email", "メールでの連絡をご希望のときは、メールアドレスを入力してください。"
                )
            elif method == ContactMethod.PHONE and not phone:
                self.add_error(
                    "phone", "電話での連絡をご希望のときは、電話番号を入力してください。"
                )
        if data.get("writer") == Writer.SUPPORTER:
            if not data.get("organisation"):
                self.add_error("organisation", "支援者の方は、所属を入力してください。")
            if not data.get("client_consent"):
                self.add_error(
                    "client_consent",
                    "ご本人の同意を得てから送信してください。同意を得ていたらチェックを入れてください。",
                )
        today = timezone.localdate()
        for n in range(1, MAX_DATES + 1):
            value = data.get(f"date_{n}")
            if value and value < today:
                self.add_error(f"date_{n}", "今日より後の日を選んでください。")
            elif value and value > today + datetime.timedelta(days=366):
                self.add_error(f"date_{n}", "1年以内の日を選んでください。")
        return data

    def preferred_dates(self):
        dates = []
        for n in range(1, MAX_DATES + 1):
            value = self.cleaned_data.get(f"date_{n}")
            if value:
                dates.append(
                    {"date": value.isoformat(), "time": self.cleaned_data.get(f"time_{n}", "")}
                )
        return dates


class ClaimForm(DescribedForm):
    """「この事業所の方へ」: a staff member asks for an account that edits the office's page."""

    name = _text("お名前", 100, required=True, autocomplete="name")
    role = _text("役職・担当", 100, required=True, help_text="例：管理者、サービス管理責任者")
    email = HalfWidthEmailField(
        label="メールアドレス",
        max_length=254,
        help_text="アカウントの案内と、この事業所へのお問い合わせが届きます。",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": REQUIRED,
            "invalid": "メールアドレスの形が正しくありません（半角で、例：name@example.jp）。",
        },
    )
    phone = forms.RegexField(
        label="日中につながる電話番号",
        required=False,
        max_length=30,
        regex=InquiryForm.base_fields["phone"].regex,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        help_text="事業所の代表番号と同じなら空欄で構いません。",
        error_messages=InquiryForm.base_fields["phone"].error_messages,
    )
    message = _text("運営者への連絡事項", 2000, textarea=True)
    staff = forms.BooleanField(
        label="この事業所の職員で、ページを編集することを事業所が了承しています",
        error_messages={
            "required": "事業所の職員の方だけが申請できます。確かめて、チェックを入れてください。"
        },
    )
    homepage = forms.CharField(label="この欄は空のままにしてください", required=False)
    ticket = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

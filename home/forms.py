from django import forms
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm
from wagtail.admin.forms.auth import PasswordResetForm as WagtailPasswordResetForm


class LoginForm(WagtailLoginForm):
    """Wagtail's login form with translated labels.

    Wagtail leaves the password and "remember me" labels to Django's defaults, which are
    built from the field names and so stay in English on a Japanese admin.
    """

    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"placeholder": _("Enter password")}),
        strip=False,
    )
    remember = forms.BooleanField(label=_("Remember me"), required=False)


class PasswordResetForm(WagtailPasswordResetForm):
    """Wagtail's reset form, with its mail stored in the outbox (so an SMTP outage delays it
    rather than losing it) and a limit on how many are sent (home.signin.may_send_reset)."""

    def save(self, *args, request=None, **kwargs):
        from .signin import may_send_reset

        if request is not None and not may_send_reset(request, self.cleaned_data["email"]):
            return
        kwargs["extra_email_context"] = {
            **(kwargs.get("extra_email_context") or {}),
            "site_title": settings.WAGTAIL_SITE_NAME,
        }
        super().save(*args, request=request, **kwargs)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        from inquiries import outbox
        from inquiries.models import OutboxMessage

        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        mail = OutboxMessage.objects.create(
            purpose=outbox.PASSWORD_RESET, to=to_email, subject=subject, body=body
        )
        outbox.send_soon([mail.pk])


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label="確認コード",
        max_length=40,
        help_text="認証アプリに表示されている6桁の数字を入力してください。"
        "スマートフォンが手元にないときは、予備コード（英数字8文字）も使えます。",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
        error_messages={"required": "確認コードを入力してください。"},
    )


class SetupForm(forms.Form):
    code = forms.CharField(
        label="アプリに表示された6桁の数字",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"required": "アプリに表示された6桁の数字を入力してください。"},
    )

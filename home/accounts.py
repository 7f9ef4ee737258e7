"""The admin account's own pages outside Wagtail's: the first password an invited staff
member sets ("パスワードを決める", not a reset), and a confirmed change of email address.

Their mails go through the outbox of `inquiries` (imported where used, as the password
reset's form does it from there: `home` is the base the other apps build on).

The first-password pages are under /admin/ (site/urls.py puts them before Wagtail's admin
URLs, as they open to people who are not signed in); AdminSignInMiddleware lets them through.
"""

import unicodedata
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.core import signing
from django.db import transaction
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from wagtail.admin.views.account import BaseSettingsPanel
from wagtail.log_actions import log

from . import lockouts

# URL names (not passwords).
FIRST_PASSWORD = "first_password"  # noqa: S105
FIRST_PASSWORD_DONE = "first_password_done"  # noqa: S105


class FirstPasswordView(auth_views.PasswordResetConfirmView):
    """Django's reset-confirm view (the same uidb64 and token as a reset link, one day,
    used once) worded for a first password. Works for an account without a usable
    password, as an invitation makes; a used or expired link gets a page that offers a new
    one. A completed first password lifts every sign-in lock on the account."""

    template_name = "wagtailadmin/account/first_password/confirm.html"
    success_url = reverse_lazy(FIRST_PASSWORD_DONE)
    reset_url_token = "set-password"  # noqa: S105 (Django's placeholder for the token in the URL)

    def form_valid(self, form):
        response = super().form_valid(form)
        lockouts.lift(username=form.user.get_username())
        return response


first_password = FirstPasswordView.as_view()


@never_cache
def first_password_done(request):
    return TemplateResponse(request, "wagtailadmin/account/first_password/done.html")


# A confirmed change of email address.

EMAIL_CHANGE_SALT = "home.accounts.email-change"
EMAIL_CHANGE_HOURS = 24
CONFIRM_EMAIL = "account_email_confirm"
# The notice to the old address carries no link, so it is not a secret purpose.
EMAIL_CHANGE_NOTICE = "email_change_notice"


def _email_in_use(email, user):
    users = get_user_model()._default_manager.filter(email__iexact=email)
    return users.exclude(pk=user.pk).exists()


def email_change_token(user, new_email):
    """A signed link token for `user` changing to `new_email`: it names the address they
    have now, so it stops working once the address changes (this link or any other)."""
    return signing.dumps(
        {"user": user.pk, "old": user.email, "new": new_email}, salt=EMAIL_CHANGE_SALT
    )


def read_email_change_token(token, user):
    """The new address a token asks for, if it is `user`'s, current and not expired."""
    try:
        data = signing.loads(
            token, salt=EMAIL_CHANGE_SALT, max_age=timedelta(hours=EMAIL_CHANGE_HOURS)
        )
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("user") != user.pk:
        return None
    if (data.get("old") or "") != (user.email or ""):
        return None
    return data.get("new") or None


def request_email_change(request, user, new_email):
    """Mail a confirmation link to the new address; nothing changes until it is opened."""
    from inquiries import outbox
    from inquiries.password_reset import account_mail

    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        CONFIRM_EMAIL, args=[email_change_token(user, new_email)]
    )
    body = render_to_string(
        "wagtailadmin/account/email_change/confirm_email.txt",
        {"user": user, "link": link, "hours": EMAIL_CHANGE_HOURS, "new_email": new_email},
    )
    account_mail(outbox.EMAIL_CHANGE, new_email, "メールアドレスの変更の確認", body)


class EmailChangeForm(forms.Form):
    new_email = forms.EmailField(
        label="新しいメールアドレス",
        required=False,
        max_length=254,
        help_text="入力して保存すると、新しいアドレスに確認のメールを送ります。"
        "メールのリンクを開くまで、メールアドレスは変わりません。",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "invalid": "メールアドレスの形（例：name@example.jp）で、半角で入力してください。"
        },
    )

    def __init__(self, *args, user, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.request = user, request

    def clean_new_email(self):
        email = unicodedata.normalize("NFKC", self.cleaned_data.get("new_email") or "").strip()
        if not email:
            return ""
        if email.lower() == (self.user.email or "").lower():
            raise forms.ValidationError("今のメールアドレスと同じです。")
        if _email_in_use(email, self.user):
            raise forms.ValidationError(
                "このメールアドレスは、ほかのアカウントで使われています。運営者にご相談ください。"
            )
        return email

    def save(self):
        email = self.cleaned_data.get("new_email")
        if email:
            request_email_change(self.request, self.user, email)
            messages.info(
                self.request,
                f"{email} に確認のメールを送りました。"
                f"メールのリンクを{EMAIL_CHANGE_HOURS}時間以内に開くと、メールアドレスが変わります。",
            )


class EmailChangePanel(BaseSettingsPanel):
    """「メールアドレス」 on the account page, in place of Wagtail's unconfirmed email field
    (WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False). Operators still change addresses in
    設定 → ユーザー."""

    name = "email_change"
    title = "メールアドレス"
    order = 150
    template_name = "wagtailadmin/account/email_change/panel.html"
    form_class = EmailChangeForm

    def get_form(self):
        # Bound only when an address was typed, so saving other settings asks for nothing.
        data = None
        if self.request.method == "POST" and self.request.POST.get(f"{self.name}-new_email"):
            data = self.request.POST
        return EmailChangeForm(data, prefix=self.name, user=self.user, request=self.request)

    def get_context_data(self):
        return {**super().get_context_data(), "current": self.user.email}


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_email(request, token):
    """The link from the confirmation mail: shows the change, and makes it on the button."""
    user = request.user
    new_email = read_email_change_token(token, user)
    if new_email is None or _email_in_use(new_email, user):
        return TemplateResponse(
            request, "wagtailadmin/account/email_change/invalid.html", status=400
        )
    if request.method == "GET":
        return TemplateResponse(
            request,
            "wagtailadmin/account/email_change/confirm.html",
            {"new_email": new_email, "old_email": user.email},
        )
    from inquiries.password_reset import account_mail

    with transaction.atomic():
        locked = get_user_model()._default_manager.select_for_update().get(pk=user.pk)
        if read_email_change_token(token, locked) != new_email:  # changed meanwhile
            return TemplateResponse(
                request, "wagtailadmin/account/email_change/invalid.html", status=400
            )
        old_email = locked.email
        locked.email = new_email
        locked.save(update_fields=["email"])
        log(locked, "home.email_change", user=locked, data={"old": old_email, "new": new_email})
        if old_email:
            notice = render_to_string(
                "wagtailadmin/account/email_change/notice_email.txt",
                {"user": locked, "new_email": new_email, "old_email": old_email},
            )
            account_mail(EMAIL_CHANGE_NOTICE, old_email, "メールアドレスが変わりました", notice)
    messages.success(request, f"メールアドレスを {new_email} に変更しました。")
    return redirect("wagtailadmin_account")

"""The admin account's own pages outside Wagtail's: the first password an invited staff
member sets ("パスワードを決める", not a reset), and a confirmed change of email address.

Their mails go through the outbox of `inquiries` (imported where used, as the password
reset's form does it from there: `home` is the base the other apps build on).

The first-password pages are under /admin/ (site/urls.py puts them before Wagtail's admin
URLs, as they open to people who are not signed in); AdminSignInMiddleware lets them through.

Other apps keep copies of an account's address (inquiries: the office inquiry addresses a
claim set up). They follow a confirmed change through `email_changing` and `email_changed`,
so this base app does not import them for it.
"""

import unicodedata
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.core import signing
from django.db import IntegrityError, transaction
from django.dispatch import Signal
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

# Both are sent with user, old and new (addresses); each receiver returns a list of sentences
# for the person, in Japanese. `email_changing`: what would follow the change (the
# confirmation page, before the button). `email_changed`: sent inside the change's
# transaction, with the account row locked; receivers make their copies follow and say what
# they changed (the page after it and the notice to the old address).
email_changing = Signal()
email_changed = Signal()

EMAIL_CHANGE_SALT = "home.accounts.email-change"
EMAIL_CHANGE_HOURS = 24
CONFIRM_EMAIL = "account_email_confirm"
# The notice to the old address carries no link, so it is not a secret purpose.
EMAIL_CHANGE_NOTICE = "email_change_notice"


def _email_in_use(email, user):
    users = get_user_model()._default_manager.filter(email__iexact=email)
    return users.exclude(pk=user.pk).exists()


def addressee(user):
    """How the account's mails greet the person: their name in Japanese order (last name,
    then first), or the login name when the account has none."""
    name = " ".join(part for part in (user.last_name, user.first_name) if part.strip())
    return name.strip() or user.get_username()


class LoginName:
    """The login name around a change of address. An account whose login name is its address
    (as a claim's account is made, inquiries.claims) takes the new address as its name,
    lower-cased as claims make them, unless another account already has that name or it is
    too long for one: then it keeps the old name (`kept`, with the `reason`), and the person
    is told to go on using it."""

    TAKEN = "新しいアドレスと同じ名前のアカウントがほかにあるため"
    TOO_LONG = "新しいアドレスは、ログインするときの名前には長すぎるため"

    def __init__(self, user, new_email):
        self.before = user.username
        candidate = new_email.lower()
        tied = bool(user.email) and self.before.lower() == user.email.lower()
        self.reason = ""
        if tied and len(candidate) > user._meta.get_field("username").max_length:
            self.reason = self.TOO_LONG
        elif tied and self._taken(user, candidate):
            self.reason = self.TAKEN
        self.follows = tied and not self.reason and candidate != self.before
        self.after = candidate if self.follows else self.before

    @staticmethod
    def _taken(user, name):
        users = get_user_model()._default_manager.filter(username__iexact=name)
        return users.exclude(pk=user.pk).exists()

    @property
    def kept(self):
        """The name was the address but cannot follow it."""
        return bool(self.reason)

    def as_dict(self):
        return {"old": self.before, "new": self.after}


def _sentences(responses):
    """The sentences that signal receivers returned, in order."""
    return [line for _, lines in responses for line in (lines or [])]


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
        {
            "name": addressee(user),
            "link": link,
            "hours": EMAIL_CHANGE_HOURS,
            "new_email": new_email,
        },
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
    """The link from the confirmation mail: shows the change and what follows it (the login
    name, other apps' copies of the address), and makes it on the button."""
    user = request.user
    new_email = read_email_change_token(token, user)
    if new_email is None or _email_in_use(new_email, user):
        return TemplateResponse(
            request, "wagtailadmin/account/email_change/invalid.html", status=400
        )
    if request.method == "GET":
        old = user.email
        following = email_changing.send(sender=get_user_model(), user=user, old=old, new=new_email)
        return TemplateResponse(
            request,
            "wagtailadmin/account/email_change/confirm.html",
            {
                "new_email": new_email,
                "old_email": old,
                "login": LoginName(user, new_email),
                "following": _sentences(following),
            },
        )
    from inquiries.password_reset import account_mail

    with transaction.atomic():
        locked = get_user_model()._default_manager.select_for_update().get(pk=user.pk)
        if read_email_change_token(token, locked) != new_email:  # changed meanwhile
            return TemplateResponse(
                request, "wagtailadmin/account/email_change/invalid.html", status=400
            )
        old_email = locked.email
        login = _change_address(locked, new_email)
        followed = _sentences(
            email_changed.send(sender=get_user_model(), user=locked, old=old_email, new=new_email)
        )
        log(
            locked,
            "home.email_change",
            user=locked,
            data={"old": old_email, "new": new_email, "login_name": login.as_dict()},
        )
        if old_email:
            notice = render_to_string(
                "wagtailadmin/account/email_change/notice_email.txt",
                {
                    "name": addressee(locked),
                    "new_email": new_email,
                    "old_email": old_email,
                    "login": login,
                    "followed": followed,
                },
            )
            account_mail(EMAIL_CHANGE_NOTICE, old_email, "メールアドレスが変わりました", notice)
    messages.success(request, f"メールアドレスを {new_email} に変更しました。")
    if login.follows:
        messages.success(
            request,
            "ログインするときの名前も新しいメールアドレスになりました。"
            f"次からは「{login.after}」でログインしてください。",
        )
    elif login.kept:
        messages.warning(
            request,
            f"ログインするときの名前は「{login.before}」のままです"
            f"（{login.reason}、変えられませんでした）。"
            f"次からも「{login.before}」でログインしてください。",
        )
    for line in followed:
        messages.success(request, line)
    return redirect("wagtailadmin_account")


def _change_address(user, new_email):
    """Give the locked account its new address, and its login name when that follows (see
    LoginName); returns the LoginName. Another account taking the name meanwhile keeps the
    old name rather than failing the change."""
    login = LoginName(user, new_email)
    user.email = new_email
    if login.follows:
        user.username = login.after
        try:
            with transaction.atomic():
                user.save(update_fields=["email", "username"])
            return login
        except IntegrityError:
            user.username = login.before
            login.follows, login.after, login.reason = False, login.before, LoginName.TAKEN
    user.save(update_fields=["email"])
    return login

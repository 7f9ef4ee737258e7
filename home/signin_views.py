"""The admin's second step at sign-in, setting up the authenticator app, and recovery codes.

These pages open to a signed-in account that has not yet given its second factor; the
middleware (home.middleware.AdminSignInMiddleware) sends every other admin page here until
it has.
"""

from math import ceil
from urllib.parse import urlencode

import segno
from axes.models import AccessAttempt
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from wagtail.log_actions import log

from . import lockouts, twofactor
from .forms import SecondFactorForm, SetupForm

VERIFY, SETUP, MANAGE = "two_factor_verify", "two_factor_setup", "two_factor_manage"
LOCKOUTS = "signin_lockouts"
# The app that the manage page last offered to replace (its 「新しい認証アプリを登録する」):
# an account that has an app opens the set-up page once from there, not by going back to it.
REPLACE_OFFERED = "two_factor_replace_offered"


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


def _verified(request):
    return getattr(request.user, "is_verified", lambda: False)()


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def verify(request):
    user = request.user
    if not twofactor.is_set_up(user):
        return redirect(f"{reverse(SETUP)}?{urlencode({'next': _next(request)})}")
    if _verified(request):
        return redirect(_next(request))
    form = SecondFactorForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        result = twofactor.check(user, form.cleaned_data["code"])
        if result.device is not None:
            otp_login(request, result.device)
            if result.device.persistent_id.startswith("otp_static"):
                left = twofactor.recovery_codes_left(user)
                messages.warning(
                    request,
                    f"予備コードを1つ使いました（残り{left}個）。"
                    "「二段階認証」のページで、新しい予備コードを作れます。",
                )
            return lockouts.remember_device(redirect(_next(request)), request, user)
        if result.wait_seconds:
            form.add_error(
                "code",
                f"間違ったコードが続いたため、{result.wait_seconds}秒待ってから入力してください。",
            )
            status = 429
        else:
            form.add_error(
                "code",
                "コードが正しくありません。アプリに今表示されている数字を入力してください"
                "（数字は30秒ごとに変わります）。",
            )
    return TemplateResponse(
        request,
        "wagtailadmin/signin/verify.html",
        {"form": form, "next": _next(request)},
        status=status,
    )


def _qr_svg(device):
    """The app's set-up link as a QR code, inline SVG with its own accessible name."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, title="認証アプリで読み取るQRコード", dark="#000", light="#fff"
    )
    return svg.replace("<svg ", '<svg role="img" aria-label="認証アプリで読み取るQRコード" ', 1)


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def setup(request):
    user = request.user
    if twofactor.is_set_up(user) and not _verified(request):
        # Replacing the app needs the current one (or a recovery code) first.
        return redirect(f"{reverse(VERIFY)}?{urlencode({'next': reverse(SETUP)})}")
    if twofactor.is_set_up(user) and not _replacing(request, user):
        # Set-up is done (the page reopened with Back, say): a fresh key here would look as
        # if it had failed.
        messages.info(
            request,
            "認証アプリはもう設定してあります。ログインのときは、今のアプリの数字を入力してください。"
            "新しいスマートフォンに替えたときは、このページの「新しい認証アプリを登録する」から"
            "登録し直せます。",
        )
        return redirect(MANAGE)
    device = twofactor.pending_device(user)
    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = twofactor.confirm(device, form.cleaned_data["code"])
        if result.device is not None:
            device.refresh_from_db()
            otp_login(request, device)
            codes = twofactor.new_recovery_codes(user)
            response = TemplateResponse(
                request,
                "wagtailadmin/signin/codes.html",
                {"codes": codes, "next": _next(request), "first_time": True},
            )
            return lockouts.remember_device(response, request, user)
        elif result.wait_seconds:
            form.add_error(
                "code", f"間違いが続いたため、{result.wait_seconds}秒待ってから入力してください。"
            )
        else:
            form.add_error(
                "code",
                "数字が一致しませんでした。アプリに今表示されている6桁の数字を入力してください。"
                "合わない場合は、スマートフォンの時刻が自動設定になっているか確かめてください。",
            )
    return TemplateResponse(
        request,
        "wagtailadmin/signin/setup.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device),
            "key": twofactor.readable_key(device),
            "account": user.get_username(),
            "next": _next(request),
        },
    )


def _replacing(request, user):
    """Whether an account that has an app asked to replace it: on the page's first opening
    from the manage page's offer (used up then, so going back to an old set-up page does not
    show a new key), and for the code typed on that page (the new app waits unconfirmed)."""
    if request.method == "POST":
        return TOTPDevice.objects.filter(user=user, confirmed=False).exists()
    offered = request.session.pop(REPLACE_OFFERED, None)
    app = twofactor.app_device(user)
    return app is not None and offered == app.pk


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request):
    """The account's second factor: state, and new recovery codes (the old ones stop working)."""
    user = request.user
    if request.method == "POST":
        codes = twofactor.new_recovery_codes(user)
        return TemplateResponse(
            request,
            "wagtailadmin/signin/codes.html",
            {"codes": codes, "next": reverse(MANAGE), "first_time": False},
        )
    device = twofactor.app_device(user)
    if device is not None:
        request.session[REPLACE_OFFERED] = device.pk
    return TemplateResponse(
        request,
        "wagtailadmin/signin/manage.html",
        {
            "device": device,
            "codes_left": twofactor.recovery_codes_left(user),
            "required": twofactor.required_for(user),
        },
    )


def lockout(request, original_response=None, credentials=None):
    """django-axes' answer when a sign-in is refused (home.lockouts says why): a page in
    Japanese that says what the person can do."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    refusal = getattr(request, "signin_refusal", lockouts.PAIR)
    wait = getattr(request, "signin_wait", 0)
    context = {
        "minutes": minutes,
        "refusal": refusal,
        "wait": wait,
        "wait_text": f"{wait}秒" if wait < 60 else f"{ceil(wait / 60)}分",
    }
    # Rendered here: django-axes returns it from a middleware, after template rendering.
    return render(request, "wagtailadmin/signin/lockout.html", context, status=429)


KIND_LABELS = {
    lockouts.PAIR: "アカウントと接続元の組",
    lockouts.ADDRESS: "接続元",
    lockouts.ACCOUNT: "アカウント（初めてのブラウザに待ち時間）",
}


@never_cache
@require_http_methods(["GET", "POST"])
def lockout_list(request):
    """Operators (superusers) see the sign-in locks and delays in force and lift one; each
    lift is in Wagtail's audit log (action home.signin_lift)."""
    if not request.user.is_superuser:
        raise PermissionDenied
    if request.method == "POST":
        kind = request.POST.get("kind")
        username = request.POST.get("username") or None
        address = request.POST.get("address") or None
        if kind == lockouts.PAIR and not (username and address):
            kind = None
        scope = {
            lockouts.PAIR: (username, address),
            lockouts.ADDRESS: (None, address),
            lockouts.ACCOUNT: (username, None),
        }.get(kind)
        if scope is None or scope == (None, None):
            return redirect(LOCKOUTS)
        who = "、".join(filter(None, [username and f"アカウント「{username}」", address]))
        rows = AccessAttempt.objects.all()
        if scope[0]:
            rows = rows.filter(username=scope[0])
        if scope[1]:
            rows = rows.filter(ip_address=scope[1])
        failures = rows.aggregate(n=Sum("failures_since_start"))["n"] or 0
        first = rows.first()
        if first is not None:
            with transaction.atomic():
                log(
                    first,
                    "home.signin_lift",
                    user=request.user,
                    title=f"ログインの制限：{who}",
                    data={
                        "kind": kind,
                        "username": username,
                        "address": address,
                        "failures": failures,
                    },
                )
                lockouts.lift(username=scope[0], address=scope[1])
        messages.success(request, f"{who}のログインの制限を解除しました。")
        return redirect(LOCKOUTS)
    entries = lockouts.current()
    for entry in entries:
        entry["label"] = KIND_LABELS[entry["kind"]]
    return TemplateResponse(
        request,
        "wagtailadmin/signin/lockouts.html",
        {
            "entries": entries,
            "pair_limit": lockouts.pair_limit(),
            "address_limit": lockouts.address_limit(),
            "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
    )

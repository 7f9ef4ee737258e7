"""Headers and methods for every response: what the browser may do, and what the site answers."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import reverse

from . import signin, signin_views, twofactor

# The site reads (GET, HEAD) and takes forms (POST); nothing else (TRACE, PUT, DELETE, …).
ALLOWED_METHODS = ("GET", "HEAD", "POST")
# Geolocation only for this site's own 「現在地から近い順」 button; nothing else is used.
PERMISSIONS_POLICY = ", ".join(
    [
        "geolocation=(self)",
        "camera=()",
        "microphone=()",
        "payment=()",
        "usb=()",
        "serial=()",
        "bluetooth=()",
        "midi=()",
        "magnetometer=()",
        "gyroscope=()",
        "accelerometer=()",
        "browsing-topics=()",
    ]
)


class SiteHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ALLOWED_METHODS:
            response = HttpResponseNotAllowed(ALLOWED_METHODS)
        else:
            response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


def allow_sources(response, **directives):
    """Let this one response load from more places: allow_sources(r, img_src=["https://…"])."""
    update = dict(getattr(response, "_csp_update", None) or {})
    for name, sources in directives.items():
        key = name.replace("_", "-")
        update[key] = [*update.get(key, []), *sources]
    response._csp_update = update
    return response


class AdminSignInMiddleware:
    """The admin's rules for a signed-in account, checked on every admin page:

    - a session ends ADMIN_IDLE_MINUTES after its last admin request, and ADMIN_SESSION_HOURS
      after sign-in, whatever happens in between;
    - an account that needs a second factor (home.twofactor) reaches only the second-step
      pages, sign-out and the password pages until it has given it.
    """

    # Sign-in and sign-out, and what their pages load (icons, translations).
    OPEN_PATHS = (
        "login/",
        "logout/",
        "password_reset/",
        "jsi18n/",
        "sprite/",
        "two-factor/verify/",
        "two-factor/setup/",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        admin = reverse("wagtailadmin_home")
        user = getattr(request, "user", None)
        if not (request.path.startswith(admin) and user and user.is_authenticated):
            return self.get_response(request)
        rest = request.path[len(admin) :]
        why = signin.expired(request.session)
        if why:
            logout(request)
            messages.info(
                request,
                "しばらく操作がなかったため、安全のためログアウトしました。もう一度ログインしてください。"
                if why == "idle"
                else "ログインしてから時間がたったため、安全のためログアウトしました。"
                "もう一度ログインしてください。",
            )
            return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
        if (
            twofactor.required_for(user)
            and not user.is_verified()
            and not rest.startswith(self.OPEN_PATHS)
        ):
            step = signin_views.VERIFY if twofactor.is_set_up(user) else signin_views.SETUP
            return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

"""Headers and methods for every response: what the browser may do, and what the site answers."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers

from . import clients, furigana, glossary, reading, signin, signin_views, twofactor
from .html_text import map_text, split_region
from .japanese import hiragana

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


class ProxyHeadersMiddleware:
    """First in MIDDLEWARE: the X-Forwarded-* headers are kept only when the connection comes
    from a proxy TRUSTED_PROXIES names. From anyone else they are dropped, so a client that
    connects directly can neither pick its address (home.clients) nor claim HTTPS
    (SECURE_PROXY_SSL_HEADER)."""

    HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not clients.is_trusted_proxy(request.META.get("REMOTE_ADDR", "")):
            ssl_header = (getattr(settings, "SECURE_PROXY_SSL_HEADER", None) or (None,))[0]
            for header in (*self.HEADERS, ssl_header):
                request.META.pop(header, None)
        return self.get_response(request)


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
        "first-password/",
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


class ReadingSupportMiddleware:
    """Public HTML pages with the glossary's terms marked and, when asked for, furigana.

    Works on the rendered page, so every page type (Wagtail pages, the directory, search,
    forms, 404) gets the same: the first use of each glossary term in the page's prose links
    to its explanation, the terms the page uses are listed at the end of its main content, and a
    visitor who turned furigana on (home.reading) gets <ruby> readings over the kanji.
    """

    NOT_PUBLIC = ("/admin/", "/django-admin/", "/documents/", "/static/", "/media/")
    FURIGANA_SKIPS = frozenset(
        ["option", "select", "ruby", "rt", "rp", "svg", "code", "kbd", "pre", "template"]
    )
    MARKER = "<!--page-terms-->"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.streaming
            or response.status_code >= 500
            or request.method not in ("GET", "POST")
            or request.path.startswith(self.NOT_PUBLIC)
            or not response.get("Content-Type", "").startswith("text/html")
            or not response.content
        ):
            return response
        patch_vary_headers(response, ("Cookie",))
        html = response.content.decode(response.charset)
        response.content = self.page(request, html).encode(response.charset)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response

    def page(self, request, html):
        from .models import GlossaryTerm

        terms = [
            glossary.Term(t.term, t.reading, t.explanation, t.anchor)
            for t in GlossaryTerm.objects.all()
        ]
        url = reverse("glossary")
        before, main, after = split_region(html, r"<main\b[^>]*>", "</main>")
        used = []
        if request.path != url:  # the glossary itself neither links nor lists its terms
            main, used = glossary.mark_terms(main, terms, url)
        listed = (
            render_to_string("includes/page_terms.html", {"terms": used, "url": url})
            if used
            else ""
        )
        html = before + main.replace(self.MARKER, listed) + after
        if not reading.preferences(request).furigana:
            return html
        extra = tuple((t.term, hiragana(t.reading.replace(" ", ""))) for t in terms)
        before, body, after = split_region(html, r"<body\b[^>]*>", "</body>")
        body = map_text(body, furigana.annotator(extra), self.FURIGANA_SKIPS)
        return before + body + after

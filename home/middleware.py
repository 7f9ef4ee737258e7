"""Headers and methods for every response: what the browser may do, and what the site answers."""

from django.http import HttpResponseNotAllowed

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

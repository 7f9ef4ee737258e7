from django.http import HttpResponse

# What search engines should not crawl: the admin, and the per-visitor or generated pages.
DISALLOWED = [
    "/admin/",
    "/facilities/shortlist/",
    "/facilities/compare/",
    "/facilities/export/",
    "/contact/thanks/",
]


def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED)]
    lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")

from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.views.decorators.http import require_safe

from site_search import search_content

FACILITIES_SHOWN = 5
MAX_QUERY = 100

# What search engines should not crawl: the admin, and the per-visitor or generated pages.
DISALLOWED = [
    "/admin/",
    "/facilities/shortlist/",
    "/facilities/compare/",
    "/facilities/export/",
    "/contact/thanks/",
    "/reading/",
]


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED)]
    lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links to: the site's icon, not a 404."""
    return redirect(static("favicon.svg"), permanent=True)


def _service(request):
    from facilities.choices import ServiceType

    service = request.GET.get("service", "")
    return service if service in ServiceType.values else ServiceType.TYPE_B.value


@require_safe
def search(request):
    """/search/?q=…: facilities, articles and FAQ answers, each result labelled by its kind."""
    from facilities.directory import find
    from facilities.models import DirectoryPage, FacilityPage

    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY]
    context = {"query": query, "facilities": [], "facility_total": 0, "content": []}
    directory = DirectoryPage.objects.live().first()
    if query:
        if directory is not None:
            params = QueryDict(mutable=True)
            params.update({"q": query, "service": "all"})
            # Every service is searched; the one being browsed (B型 unless said) comes first.
            found = find(params, prefer_service=_service(request))
            pks = found.pks
            by_pk = FacilityPage.objects.in_bulk(pks[:FACILITIES_SHOWN])
            context["facilities"] = [by_pk[pk] for pk in pks[:FACILITIES_SHOWN] if pk in by_pk]
            context["facility_total"] = len(pks)
            context["more_facilities_url"] = f"{directory.url}{found.criteria.query_string()}"
        context["content"] = search_content(query)
    response = TemplateResponse(request, "home/search.html", context)
    if query:
        response["X-Robots-Tag"] = "noindex"
    return response

"""The directory page's own sub-pages: the shortlist, the comparison and the CSV export.

DirectoryPage routes to these (see models.py); each takes the directory page and the request.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponseRedirect, JsonResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from wagtail.models import Page

from home.redirects import local_path

from ..directory.query import find
from ..models import FacilityPage
from . import comparison, export
from . import selection as shortlist

COMPARE_TITLE = "事業所の比較"
SHORTLIST_TITLE = "比較リスト"


def _context(page, request, title, **extra):
    # The page's own context, not the directory's search (which these pages do not show).
    return {**Page.get_context(page, request), "subpage_title": title, **extra}


def compare_url(page, ids):
    return f"{page.url}compare/?{urlencode([('o', pk) for pk in ids])}"


def compare(page, request):
    ids, dropped = shortlist.parse_compare(request.GET.getlist("o"))
    facilities = comparison.facilities(ids)
    notices = []
    if dropped or len(facilities) < len(ids):
        notices.append(
            "表示できない事業所がありました（番号の誤りか、掲載を終えた事業所です）。"
            f"比べられるのは{shortlist.MAX_COMPARE}件までです。"
        )
    if len(facilities) < shortlist.MIN_COMPARE:
        notices.append("比べるには、比較リストから2件以上の事業所を選んでください。")
    only_differences = request.GET.get("diff") == "1" and len(facilities) > 1
    sections = comparison.compare(facilities)
    if only_differences:
        sections = comparison.differences(sections)
    ids = [f.pk for f in facilities]
    response = TemplateResponse(
        request,
        "facilities/compare_page.html",
        _context(
            page,
            request,
            COMPARE_TITLE,
            facilities=facilities,
            sections=sections,
            notices=notices,
            only_differences=only_differences,
            share_url=request.build_absolute_uri(compare_url(page, ids)),
            all_rows_url=compare_url(page, ids),
            differences_url=f"{compare_url(page, ids)}&diff=1",
            columns=[
                {"facility": f, "remove_url": compare_url(page, [i for i in ids if i != f.pk])}
                for f in facilities
            ],
            printed_on=timezone.localdate(),
            has_open_data=any(f.source_name for f in facilities),
            estimates_shown=any(f.stations_estimated for f in facilities),
        ),
    )
    response["X-Robots-Tag"] = "noindex"
    return response


def shortlist_page(page, request):
    if request.method == "POST":
        return _change(page, request)
    facilities = comparison.facilities(shortlist.ids(request.session))
    shortlist.keep(request.session, {f.pk for f in facilities})
    response = TemplateResponse(
        request,
        "facilities/shortlist_page.html",
        _context(
            page,
            request,
            SHORTLIST_TITLE,
            facilities=facilities,
            max_compare=shortlist.MAX_COMPARE,
            max_shortlist=shortlist.MAX_SHORTLIST,
        ),
    )
    response["X-Robots-Tag"] = "noindex"
    return response


def _change(page, request):
    """Add, remove or clear; answers JSON to the page's script, a redirect to a plain form."""
    action = request.POST.get("action")
    facility = FacilityPage.live_by_id(request.POST.get("facility"))
    session = request.session
    ok = True
    if action == "clear":
        shortlist.clear(session)
        message = "比較リストを空にしました。"
    elif facility is None or action not in ("add", "remove"):
        ok = False
        message = "事業所が見つかりませんでした。もう一度お試しください。"
    elif action == "add":
        ok = shortlist.add(session, facility.pk)
        message = (
            f"「{facility.title}」を比較リストに入れました。"
            if ok
            else f"比較リストに入れられるのは{shortlist.MAX_SHORTLIST}件までです。"
            "いらない事業所を外してから入れてください。"
        )
    else:
        shortlist.remove(session, facility.pk)
        message = f"「{facility.title}」を比較リストから外しました。"
    count = len(shortlist.ids(session))
    if ok:
        message += f"（いま{count}件）"
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse(
            {
                "ok": ok,
                "message": message,
                "count": count,
                "in_shortlist": bool(facility and facility.pk in shortlist.ids(session)),
            },
            status=200 if ok else 400,
        )
    (messages.success if ok else messages.error)(request, message)
    target = local_path(request, request.POST.get("next", ""), f"{page.url}shortlist/")
    return HttpResponseRedirect(target)


def export_csv(page, request):
    found = find(request.GET)
    stamp = timezone.localtime().strftime("%Y%m%d")
    response = StreamingHttpResponse(
        export.lines(found.pks, request), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="jigyosho-{stamp}.csv"'
    response["X-Robots-Tag"] = "noindex"
    return response

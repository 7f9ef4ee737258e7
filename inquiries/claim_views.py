"""「この事業所の方へ」: the public form where an office's staff ask for an editing account."""

from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_protect

from facilities.models import FacilityPage
from home import clients
from home.models import SiteSettings

from . import claims, spam
from .forms import ClaimForm

SESSION_KEY = "claim_sent"


@csrf_protect
def claim_office(request, facility_id):
    facility = FacilityPage.live_by_id(str(facility_id))
    if facility is None:
        raise Http404("事業所が見つかりません")
    status, limited = 200, False
    if request.method == "POST":
        form = ClaimForm(request.POST)
        if form.is_valid():
            verdict = spam.check(
                spam.read_ticket(form.cleaned_data.get("ticket")),
                form.cleaned_data.get("homepage"),
                None,
                clients.client_address(request),
            )
            try:
                claims.submit(
                    facility,
                    form.cleaned_data,
                    client_key=clients.client_key(request),
                    review_reasons=[r for r in verdict.reasons if "reCAPTCHA" not in r],
                    site_settings=SiteSettings.for_request(request),
                )
            except claims.TooMany:
                limited, status = True, 429
            else:
                request.session[SESSION_KEY] = facility.pk
                return redirect("claim_office_sent", facility_id=facility.pk)
    else:
        form = ClaimForm(initial={"ticket": spam.new_ticket()})
    return TemplateResponse(
        request,
        "inquiries/claim_page.html",
        {**_context(facility), "form": form, "limited": limited},
        status=status,
    )


def claim_sent(request, facility_id):
    facility = FacilityPage.live_by_id(str(facility_id))
    if facility is None or request.session.get(SESSION_KEY) != facility.pk:
        return redirect("claim_office", facility_id=facility_id)
    return TemplateResponse(
        request, "inquiries/claim_page.html", {**_context(facility), "sent": True}
    )


def _context(facility):
    # The facility as the page (breadcrumbs, title), this form as its sub-page.
    return {"facility": facility, "page": facility, "subpage_title": "この事業所の方へ"}

"""The contact page's form and thank-you page (InquiryPage routes here)."""

from django.shortcuts import redirect
from django.template.response import TemplateResponse

from wagtail.models import Page

from facilities.models import FacilityPage
from home import clients
from home.middleware import allow_sources
from home.models import SiteSettings

from . import routing, spam, submission
from .forms import InquiryForm
from .models import Kind

SESSION_KEY = "inquiry_sent"
KIND_TITLES = {
    Kind.VISIT: "見学の申し込み",
    Kind.TRIAL: "体験利用の申し込み",
    Kind.GENERAL: "お問い合わせ",
}


def _kind(value):
    return Kind(value) if value in Kind.values else Kind.GENERAL


def inquiry_form(page, request):
    kind = _kind(request.GET.get("kind"))
    asked_for = request.GET.get("facility", "").strip()
    facility = FacilityPage.live_by_id(asked_for)
    facility_missing = bool(asked_for) and facility is None
    site_settings = SiteSettings.for_request(request)
    status = 200
    limited = False
    # Every line of the form names one audience: the one its ticket promised when it was
    # first shown, if that was the desk (the office may have been claimed since).
    promised = spam.read_ticket(request.POST.get("ticket")).promised if request.POST else ""
    to = routing.recipient(facility, kind, site_settings, promised=promised)
    if request.method == "POST":
        form = InquiryForm(request.POST, kind=kind, facility=facility, recipient=to)
        if form.is_valid():
            ticket = spam.read_ticket(form.cleaned_data.get("ticket"))
            verdict = spam.check(
                ticket,
                form.cleaned_data.get("homepage"),
                form.cleaned_data.get("captcha"),
                clients.client_address(request),
            )
            try:
                inquiry, _ = submission.store(
                    form,
                    ticket=ticket,
                    verdict=verdict,
                    client_key=clients.client_key(request),
                    site_settings=site_settings,
                )
            except submission.RateLimited:
                limited, status = True, 429
            else:
                to = routing.recipient_for(inquiry, site_settings)
                request.session[SESSION_KEY] = {
                    "reference": inquiry.reference,
                    "kind": inquiry.get_kind_display(),
                    "general": inquiry.kind == Kind.GENERAL,
                    "office": inquiry.office,
                    # Only where a confirmation was sent (none to a post held for review).
                    "email": bool(inquiry.email) and not inquiry.needs_review,
                    "desk": to.name if to.via_desk_to_office else "",
                    "office_phone": to.office_phone if to.via_desk_to_office else "",
                }
                return redirect(f"{page.url}thanks/")
    else:
        form = InquiryForm(
            kind=kind,
            facility=facility,
            recipient=to,
            initial={"ticket": spam.new_ticket(to.audience)},
        )
    context = {
        **Page.get_context(page, request),
        "form": form,
        "kind": kind,
        "kind_title": KIND_TITLES[kind],
        "kinds": [
            {"value": k, "title": KIND_TITLES[k], "current": k == kind}
            for k in (Kind.VISIT, Kind.TRIAL, Kind.GENERAL)
        ],
        "facility": facility,
        "recipient": to,
        "facility_missing": facility_missing,
        "limited": limited,
        "recaptcha": spam.recaptcha_enabled(),
    }
    response = TemplateResponse(request, page.template, context, status=status)
    if context["recaptcha"]:
        # Google's script and frame, on the inquiry forms only.
        allow_sources(
            response,
            script_src=["https://www.google.com", "https://www.gstatic.com"],
            frame_src=["https://www.google.com"],
            connect_src=["https://www.google.com"],
        )
    return response


def thanks(page, request):
    sent = request.session.get(SESSION_KEY)
    context = {**Page.get_context(page, request), "sent": sent, "subpage_title": "送信しました"}
    return TemplateResponse(request, "inquiries/thanks.html", context)

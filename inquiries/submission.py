"""Storing a submitted inquiry: once, in one transaction with its mails."""

from django.db import IntegrityError, transaction

from . import notifications, outbox, routing, spam
from .models import Inquiry, new_reference


class RateLimited(Exception):
    """This person or address has sent its share for now; nothing was stored."""


def store(form, *, ticket, verdict, client_key, site_settings):
    """The inquiry for this form (made now, or found: a double click sends the form twice).

    Returns (inquiry, created); raises RateLimited when over the limit (spam.rate_limited).
    """
    existing = Inquiry.objects.filter(form_token=ticket.token).first()
    if existing is not None:
        return existing, False
    data = form.cleaned_data
    facility = form.facility or _facility_named(data.get("facility_name", ""))
    # Who reads it is what the form said when it was shown (the desk, for an office named in
    # the general form or one claimed since), and never more than today's routing allows.
    promised = (
        ticket.promised or routing.recipient(form.facility, form.kind, site_settings).audience
    )
    audience = routing.recipient(facility, form.kind, site_settings, promised=promised).audience
    contact_key = spam.contact_key(data.get("email", ""), data.get("phone", ""))
    try:
        with transaction.atomic():
            # Counted and stored in one go, so that simultaneous posts cannot all pass.
            spam.hold_the_count()
            existing = Inquiry.objects.filter(form_token=ticket.token).first()
            if existing is not None:
                return existing, False
            if spam.rate_limited(client_key, contact_key):
                raise RateLimited
            inquiry = Inquiry.objects.create(
                reference=_unique_reference(form.kind),
                kind=form.kind,
                audience=audience,
                facility=facility,
                facility_name=facility.title if facility else data.get("facility_name", ""),
                writer=data["writer"],
                name=data["name"],
                name_kana=data.get("name_kana", ""),
                person_name=data.get("person_name", ""),
                organisation=data.get("organisation", ""),
                role=data.get("role", ""),
                email=data.get("email", ""),
                phone=data.get("phone", ""),
                contact_method=data["contact_method"],
                contact_times=data.get("contact_times", ""),
                preferred_dates=form.preferred_dates(),
                certificate=data.get("certificate", ""),
                wishes=data.get("wishes", ""),
                support_needs=data.get("support_needs", ""),
                message=data.get("message", ""),
                consent=True,
                client_consent=bool(data.get("client_consent")),
                needs_review=verdict.needs_review,
                review_reason="、".join(verdict.reasons)[:200],
                form_token=ticket.token,
                client_key=client_key,
                contact_key=contact_key,
            )
            mail_ids = notifications.for_new_inquiry(inquiry, site_settings)
            outbox.send_soon(mail_ids)
    except IntegrityError:
        # The same form, sent twice at the same moment: the other request stored it.
        existing = Inquiry.objects.filter(form_token=ticket.token).first()
        if existing is None:
            raise
        return existing, False
    return inquiry, True


def _facility_named(name):
    """The office a person named in the general form, when exactly one has that name."""
    from facilities.models import FacilityPage

    name = " ".join(name.split())
    if not name:
        return None
    found = list(FacilityPage.objects.live().filter(title=name)[:2])
    return found[0] if len(found) == 1 else None


def _unique_reference(kind):
    for _ in range(20):
        reference = new_reference(kind)
        if not Inquiry.objects.filter(reference=reference).exists():
            return reference
    raise RuntimeError("no free reference number")

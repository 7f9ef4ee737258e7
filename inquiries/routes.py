"""Changing an office's inquiry addresses from outside its editor (a claim's approval, a staff
member's confirmed change of email address).

Routes are page content (InquiryRoute on the facility page): a change goes in as a new
revision, published when the page has no draft waiting; otherwise the live routes are changed
as well, so that neither the live page nor a later publish of the draft (or its approval)
loses it.
"""

from .models import InquiryRoute


def revise_routes(facility, change, *, user):
    """Apply `change(routes)` (edits a list of InquiryRoute in place, returns whether it
    changed anything) to the page's routes, as above; returns whether it did."""
    had_draft = facility.has_unpublished_changes
    # Without a draft the live page is what visitors see: the new revision starts from it
    # (routes written as live rows only, like the demo's, are kept).
    page = facility.get_latest_revision_as_object() if had_draft else facility
    routes = list(page.inquiry_routes.all())
    if not change(routes):
        return False
    page.inquiry_routes = routes
    # Only the routes change: other content, however incomplete, must not stop it.
    revision = page.save_revision(user=user, log_action=True, clean=False)
    if not had_draft:
        revision.publish(user=user)
        return True
    live = list(InquiryRoute.objects.filter(facility=facility))
    change(live)
    for route in live:
        route.facility = facility
        route.save()
    return True

"""Office inquiry addresses that follow a staff member's confirmed change of email address.

Approving a claim makes the claimant's address the office's inquiry address
(inquiries.claims). When that person later changes their address (home.accounts, confirmed
by a link mailed to the new one), the offices whose inquiries they may read (InquiryAccess)
and that still send to the old address follow it, so the next inquiry reaches the mailbox
they read now. Other addresses, and offices they do not read, are left alone.

Connected to home.accounts' signals by inquiries.signals.connect(): `home` is the base and
does not import this app for it.
"""

from django.dispatch import receiver

from facilities.models import FacilityPage
from home.accounts import email_changed, email_changing

from .models import InquiryAccess, InquiryRoute
from .routes import revise_routes


def _same(address, other):
    return bool(address) and address.lower() == (other or "").lower()


def offices_sending_to(user, address):
    """The offices `user` reads whose inquiry addresses include `address`, live or in the
    latest revision, by title."""
    readable = InquiryAccess.objects.filter(user=user).values("facility")
    found = []
    for facility in FacilityPage.objects.filter(pk__in=readable).order_by("title", "pk"):
        latest = facility.get_latest_revision_as_object()
        live = InquiryRoute.objects.filter(facility=facility, email__iexact=address).exists()
        if live or any(_same(r.email, address) for r in latest.inquiry_routes.all()):
            found.append(facility)
    return found


def move_routes(facility, old, new, *, user):
    """Change `facility`'s inquiry addresses equal to `old` into `new`, as page content
    (inquiries.routes)."""

    def follow(routes):
        changed = [route for route in routes if _same(route.email, old)]
        for route in changed:
            route.email = new
        return bool(changed)

    revise_routes(facility, follow, user=user)


@receiver(email_changing, dispatch_uid="inquiries.routes_before_email_change")
def routes_that_would_follow(sender, user, old, new, **kwargs):
    """For the confirmation page: the offices whose inquiry address would follow."""
    if not old:
        return []
    return [
        f"事業所「{facility.title}」のお問い合わせの宛先（{old}）も、新しいアドレスに変わります。"
        for facility in offices_sending_to(user, old)
    ]


@receiver(email_changed, dispatch_uid="inquiries.routes_follow_email_change")
def routes_follow(sender, user, old, new, **kwargs):
    """Inside the change's transaction: move the routes; says which offices' moved."""
    if not old:
        return []
    moved = []
    for facility in offices_sending_to(user, old):
        move_routes(facility, old, new, user=user)
        moved.append(
            f"事業所「{facility.title}」のお問い合わせの宛先も、新しいアドレスに変えました。"
        )
    return moved

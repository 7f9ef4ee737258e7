"""Demo routing: where the invented offices' inquiries go (addresses at example.jp only)."""

from facilities.models import FacilityPage

from .models import InquiryRoute


def load(home, log=print):
    made = 0
    for page in FacilityPage.objects.filter(slug__startswith="demo-").order_by("slug"):
        if page.inquiry_routes.exists():
            continue
        number = page.slug.removeprefix("demo-")
        if number == "01":
            # Visits to the office manager, trials to the サービス管理責任者.
            routes = [
                InquiryRoute(email="kanri01@example.jp", label="管理者", trial=False),
                InquiryRoute(
                    email="sabikan01@example.jp",
                    label="サービス管理責任者",
                    visit=False,
                    general=False,
                ),
            ]
        else:
            routes = [InquiryRoute(email=f"office{number}@example.jp", label="事業所")]
        for order, route in enumerate(routes):
            route.facility = page
            route.sort_order = order
            route.save()
            made += 1
    log(f"Inquiries: {made} routing rule(s) created.")
    return made

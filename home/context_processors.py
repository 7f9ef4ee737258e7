from django.conf import settings

from wagtail.models import Site


def site_identity(request):
    """The site's name for the header and title of every page, the 404 page included."""
    site = Site.find_for_request(request)
    return {"site_name": site.site_name if site and site.site_name else settings.WAGTAIL_SITE_NAME}

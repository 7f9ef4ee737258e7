from django.conf import settings
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home.accounts import FIRST_PASSWORD, FIRST_PASSWORD_DONE, first_password, first_password_done
from home.reading import set_reading
from home.views import glossary_page
from inquiries.claim_views import claim_office, claim_sent
from site_views import favicon, robots_txt, search

urlpatterns = [
    # The invitation's first password: under /admin/, before Wagtail's admin URLs, which
    # would ask to sign in first (home/accounts.py).
    path("admin/first-password/done/", first_password_done, name=FIRST_PASSWORD_DONE),
    path("admin/first-password/<uidb64>/<token>/", first_password, name=FIRST_PASSWORD),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap),
    path("robots.txt", robots_txt),
    path("favicon.ico", favicon),
    path("search/", search, name="search"),
    path("reading/", set_reading, name="reading"),
    path("glossary/", glossary_page, name="glossary"),
    path("for-offices/<int:facility_id>/", claim_office, name="claim_office"),
    path("for-offices/<int:facility_id>/sent/", claim_sent, name="claim_office_sent"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns
    from django.http import Http404
    from django.views import defaults

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
    # With DEBUG on Django shows its own error pages; these show the site's versions.
    urlpatterns += [
        path("_errors/404/", defaults.page_not_found, {"exception": Http404()}),
        path("_errors/500/", defaults.server_error),
    ]

# Wagtail's page serving catches everything else, so it comes last.
urlpatterns += [path("", include(wagtail_urls))]

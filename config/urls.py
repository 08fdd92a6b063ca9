from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path, re_path
from django.views.i18n import set_language

from api.hsds.views import not_found as api_not_found
from network import urls as network_urls
from network.sitemaps import SITEMAPS
from network.views import healthz, readyz, robots_txt
from partners import urls as partners_urls
from programs import urls as programs_urls


def with_pages(app_urls, pages):
    """An app's URLs and network's pages at the same addresses, as one URL namespace: the app's.

    An organisation's or a program's page combines domains, so its view is network's; its
    address and URL name stay those of the list (partners:organization-detail).
    """
    return include(([*app_urls.urlpatterns, *pages], app_urls.app_name))


urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    # Outside the language prefix: one sitemap index, one file per section (?p=2… past the
    # protocol's 50,000 addresses), both languages with their alternates.
    path(
        "sitemap.xml",
        sitemaps.index,
        {
            "sitemaps": SITEMAPS,
            "template_name": "network/sitemap_index.xml",
            "sitemap_url_name": "sitemap-section",
        },
        name="sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        sitemaps.sitemap,
        {"sitemaps": SITEMAPS, "template_name": "network/sitemap.xml"},
        name="sitemap-section",
    ),
    path("robots.txt", robots_txt, name="robots-txt"),
    # Health checks for a load balancer (README "When things fail"): outside the languages.
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("data/", include("opendata.data_urls")),
    # The Open Referral HSDS 3.0 read API (api/hsds/): JSON, its language by ?lang= or
    # Accept-Language, so outside the language prefix.
    path("api/hsds/", include("api.hsds.urls")),
    # Anything else under /api/: a JSON 404, not the site's HTML page.
    re_path(r"^api/", api_not_found),
]

urlpatterns += i18n_patterns(
    # Two-factor setup and verification, password reset: before the admin's own URLs.
    path("admin/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    # The open-data page, and each list's download (places/download.xlsx) before its pages.
    path("", include("opendata.urls")),
    path("partners/", with_pages(partners_urls, network_urls.organization_urlpatterns)),
    path("programs/", with_pages(programs_urls, network_urls.program_urlpatterns)),
    path("grants/", include("grants.urls")),
    path("places/", include("centers.urls")),
    path("history/", include("history.urls")),
    path("funders/", include("funders.urls")),
    path("operators/", include("operators.urls")),
    # An organisation's answers to a verification campaign: a signed link, no account.
    path("verify/", include("campaigns.urls")),
    path("", include("network.urls")),
    prefix_default_language=True,
)
# 404.html and 403.html extend base.html (Django renders them with the request; Django's default
# handlers); 500.html is standalone and needs neither the database nor a context processor.
handler500 = "network.errors.server_error"
# 400.html and 413.html: Django's own refusals (a body too large, too many fields) drawn like
# those of core.limits.RequestLimitsMiddleware, with the request.
handler400 = "core.limits.bad_request"
# 403.html through Django's handler, after a line in the security log (accounts/security.py).
handler403 = "accounts.security.permission_denied"

from pathlib import Path

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.auth import views as auth_views
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from proposals.feeds import body_calendar, body_rss
from proposals.views import BodyListView, CouncilAreaView, CouncilFeedsView

from .api import api_router
from .login import SiteLoginForm

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v2/", api_router.urls),
    path("oparl/v1.1/", include("oparl.urls")),
    path("sitemap.xml", sitemap),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    # Images only: documents are served by /documents/<id>/<file>, which checks who may
    # read them, never as plain media files.
    for folder in ("original_images", "images"):
        urlpatterns += static(
            f"{settings.MEDIA_URL}{folder}/", document_root=Path(settings.MEDIA_ROOT) / folder
        )

urlpatterns += i18n_patterns(
    path(
        "anmelden/",
        auth_views.LoginView.as_view(authentication_form=SiteLoginForm),
        name="login",
    ),
    path("abmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("fuer-den-rat/", CouncilAreaView.as_view(), name="council_area"),
    path("fuer-den-rat/abonnieren/", CouncilFeedsView.as_view(), name="council_feeds"),
    path("gremien/", BodyListView.as_view(), name="bodies"),
    path("gremien/<int:body_id>/feed/", body_rss, name="body_rss"),
    path("gremien/<int:body_id>/kalender.ics", body_calendar, name="body_calendar"),
    # A council member's private feeds: their key in the address, for feed readers and
    # calendars that cannot log in.
    path("gremien/<int:body_id>/feed/<str:key>/", body_rss, name="body_rss_private"),
    path(
        "gremien/<int:body_id>/kalender/<str:key>.ics",
        body_calendar,
        name="body_calendar_private",
    ),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

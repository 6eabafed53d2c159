from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from config.api import api
from samenkracht.people.views.home import LandingView

admin.site.site_header = _("Samenkracht beheer")
admin.site.site_title = _("Samenkracht beheer")
admin.site.index_title = _("Beheer")

urlpatterns = [
    path("", LandingView.as_view(), name="landing"),
    path("beheer/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("", include("samenkracht.people.urls")),
    path("", include("samenkracht.matching.urls")),
    path("", include("samenkracht.budgeting.urls")),
    path("", include("samenkracht.initiatives.urls")),
    path("", include("samenkracht.exchange.urls")),
]

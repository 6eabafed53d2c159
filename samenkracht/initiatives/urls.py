"""Pages of the initiatives app; each part of the app lists its own paths in its views module."""

from samenkracht.initiatives.views import initiatives, overview, requests

app_name = "initiatives"

urlpatterns = [*initiatives.urlpatterns, *requests.urlpatterns, *overview.urlpatterns]

"""The JSON API: one NinjaAPI, with a router per app, under /api/v1/."""

from ninja import NinjaAPI
from ninja.security import django_auth

from samenkracht.budgeting.api import router as budgeting_router
from samenkracht.common.api import install_error_handlers
from samenkracht.exchange.api import install_exchange_error_handlers
from samenkracht.exchange.api import router as exchange_router
from samenkracht.initiatives.api import router as initiatives_router
from samenkracht.matching.api import router as matching_router
from samenkracht.people.api import TokenAuth
from samenkracht.people.api import router as people_router

api = NinjaAPI(
    title="Samenkracht API",
    version="1",
    description="API van Samenkracht. Log in met een sessie (met CSRF-token) of met een "
    "API-sleutel in de kop `Authorization: Bearer <sleutel>`.",
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_error_handlers(api)
install_exchange_error_handlers(api)
api.add_router("/", people_router)
api.add_router("/", matching_router)
api.add_router("/", budgeting_router)
api.add_router("/", initiatives_router)
api.add_router("/", exchange_router)

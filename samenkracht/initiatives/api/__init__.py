"""The initiatives API: one router, composed of the routers of each part of the app."""

from ninja import Router

from samenkracht.initiatives.api.initiatives import router as initiatives_router
from samenkracht.initiatives.api.overview import router as overview_router
from samenkracht.initiatives.api.requests import router as requests_router

router = Router()
router.add_router("/", initiatives_router)
router.add_router("/", requests_router)
router.add_router("/", overview_router)

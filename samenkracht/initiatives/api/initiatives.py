"""API endpoints: initiatives."""

from ninja import Router

router = Router(tags=["initiatives"])

"""API endpoints: requests."""

from ninja import Router

router = Router(tags=["initiatives"])

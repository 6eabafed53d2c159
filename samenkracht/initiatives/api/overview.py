"""API endpoints: overview."""

from ninja import Router

router = Router(tags=["initiatives"])

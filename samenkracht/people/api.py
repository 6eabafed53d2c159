"""API for profiles and neighbourhoods."""

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import HttpBearer

from samenkracht.people import selectors
from samenkracht.people.models import User


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <key>` with a personal API key."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = selectors.api_token_user(raw_key=token)
        if user is not None:
            request.user = user
        return user


router = Router(tags=["people"])


class NeighbourhoodOut(Schema):
    code: str
    name: str
    district_code: str
    district_name: str
    latitude: float
    longitude: float


@router.get("/neighbourhoods", response=list[NeighbourhoodOut], auth=None)
def neighbourhood_list(request: HttpRequest, district: str | None = None, q: str | None = None):  # type: ignore[no-untyped-def]
    municipality = selectors.municipality_get_default()
    return [
        NeighbourhoodOut(
            code=n.code,
            name=n.name,
            district_code=n.district.code,
            district_name=n.district.name,
            latitude=n.latitude,
            longitude=n.longitude,
        )
        for n in selectors.neighbourhood_list(municipality=municipality, district_code=district, search=q)
    ]

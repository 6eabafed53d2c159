"""Small lookups every matching view needs: the signed-in person and objects or a 404."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from samenkracht.matching import selectors
from samenkracht.matching.models import Contact, Listing
from samenkracht.people.models import User


def person(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def listing_or_404(pk: int) -> Listing:
    listing = selectors.listing_get(pk=pk)
    if listing is None:
        raise Http404
    return listing


def contact_or_404(pk: int) -> Contact:
    contact = selectors.contact_get(pk=pk)
    if contact is None:
        raise Http404
    return contact

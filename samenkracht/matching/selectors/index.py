"""The matching core's index over the open asks and offers, kept per process.

Building the index reads every open listing, so it is built once and then kept up to date:
before each search a cheap version stamp (count and latest change of the open listings) is
compared; when it moved, only the listings changed since are re-indexed and the ones that
closed are removed. Every so often it is rebuilt whole, which also refreshes what is known
about the owners (reciprocity, track record).
"""

import threading
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import Count, Max, Q, QuerySet

from samenkracht.core import matching as core
from samenkracht.core.matching.taxonomy import taxonomy_synonyms
from samenkracht.matching.models import Listing, Outcome

OPEN_STATUSES = (Listing.Status.OPEN, Listing.Status.IN_CONTACT)
# A full rebuild refreshes owner facts that incremental updates do not touch.
REBUILD_AFTER_SECONDS = 15 * 60
REBUILD_AFTER_CHANGES = 2000
# Blocked owners are removed after the search, so ask for a few more.
SEARCH_MARGIN = 10


@dataclass(frozen=True)
class ListingMatch:
    listing: Listing
    score: float
    reasons: list[core.Reason]


@dataclass
class _Cache:
    database: str
    stamp: tuple[int, datetime | None]
    index: core.MatchIndex
    ids: set[int]
    built_at: float
    changes: int = 0


_lock = threading.Lock()
_cache: _Cache | None = None
_vocabulary: core.Vocabulary | None = None


def _vocabulary_get() -> core.Vocabulary:
    global _vocabulary
    if _vocabulary is None:
        _vocabulary = core.Vocabulary(taxonomy_synonyms())
    return _vocabulary


def match_index_reset() -> None:
    """Forget the built index, e.g. between tests whose rows were rolled back."""
    global _cache
    with _lock:
        _cache = None


def _open_listings() -> QuerySet[Listing]:
    return Listing.objects.filter(status__in=OPEN_STATUSES)


def _stamp() -> tuple[int, datetime | None]:
    figures = _open_listings().aggregate(count=Count("id"), latest=Max("updated_at"))
    return figures["count"], figures["latest"]


def _owner_facts(owner_ids: set[int]) -> tuple[set[int], dict[int, float]]:
    """Who both asks and offers, and how often contacts of each owner became a match."""
    kinds: dict[int, set[str]] = {}
    for owner_id, kind in (
        Listing.objects.filter(owner_id__in=owner_ids).values_list("owner_id", "kind").distinct()
    ):
        kinds.setdefault(owner_id, set()).add(kind)
    reciprocal = {owner_id for owner_id, found in kinds.items() if len(found) == 2}
    answered: Counter[int] = Counter()
    matched: Counter[int] = Counter()
    outcomes = Outcome.objects.filter(
        Q(contact__initiator_id__in=owner_ids) | Q(contact__recipient_id__in=owner_ids)
    ).values_list("contact__initiator_id", "contact__recipient_id", "result")
    for initiator_id, recipient_id, result in outcomes:
        for owner_id in (initiator_id, recipient_id):
            answered[owner_id] += 1
            matched[owner_id] += result == Outcome.Result.MATCHED
    # Laplace smoothing: someone without answers yet counts as 0.5, not as 0 or 1.
    success = {
        owner_id: (matched[owner_id] + 1) / (answered[owner_id] + 2) for owner_id in answered
    }
    return reciprocal, success


def core_listings(listings: Iterable[Listing]) -> list[core.Listing]:
    """Turn listings (with their owners) into the core's plain values."""
    rows = list(listings)
    reciprocal, success = _owner_facts({listing.owner_id for listing in rows})
    return [
        core.Listing(
            id=listing.pk,
            kind=listing.kind,
            title=listing.title,
            description=listing.description,
            category_id=listing.category_id,
            parent_category_id=listing.category.parent_id,
            lat=listing.latitude,
            lon=listing.longitude,
            radius_km=listing.radius_km,
            availability=listing.availability,
            languages=frozenset(listing.owner.languages or ()),
            owner_id=listing.owner_id,
            is_reciprocal=listing.owner_id in reciprocal,
            created_at=listing.created_at.timestamp(),
            success_rate=success.get(listing.owner_id, 0.5),
        )
        for listing in rows
    ]


def _indexable() -> QuerySet[Listing]:
    return _open_listings().select_related("category", "owner").order_by("id")


def _build(stamp: tuple[int, datetime | None]) -> _Cache:
    index = core.MatchIndex(vocabulary=_vocabulary_get())
    listings = core_listings(_indexable())
    index.add_many(listings)
    return _Cache(
        database=connection.alias,
        stamp=stamp,
        index=index,
        ids={listing.id for listing in listings},
        built_at=time.monotonic(),
    )


def _update(cache: _Cache, stamp: tuple[int, datetime | None]) -> None:
    since = cache.stamp[1]
    changed = list(_indexable().filter(updated_at__gte=since) if since else _indexable())
    open_ids = set(_open_listings().values_list("id", flat=True))
    for listing_id in cache.ids - open_ids:
        cache.index.remove(listing_id)
    for listing in core_listings(changed):
        cache.index.add(listing)
    cache.ids = (cache.ids & open_ids) | {listing.pk for listing in changed}
    cache.stamp = stamp
    cache.changes += len(changed)


def match_index_get() -> core.MatchIndex:
    """Return the index of open listings, brought up to date when they changed."""
    global _cache
    stamp = _stamp()
    with _lock:
        cache = _cache
        is_stale = (
            cache is None
            or cache.database != connection.alias
            or time.monotonic() - cache.built_at > REBUILD_AFTER_SECONDS
            or cache.changes > REBUILD_AFTER_CHANGES
        )
        if is_stale:
            cache = _cache = _build(stamp)
        elif cache is not None and cache.stamp != stamp:
            _update(cache, stamp)
        assert cache is not None
        return cache.index


def _matches_to_listings(matches: list[core.Match]) -> list[ListingMatch]:
    by_id = Listing.objects.select_related(
        "category", "category__parent", "neighbourhood", "owner", "organisation"
    ).in_bulk([match.listing_id for match in matches])
    return [
        ListingMatch(
            listing=by_id[match.listing_id], score=match.score, reasons=list(match.reasons)
        )
        for match in matches
        if match.listing_id in by_id and by_id[match.listing_id].is_open
    ]


def match_index_query(
    *, listing: Listing, k: int, now: datetime, excluded_owner_ids: set[int]
) -> list[ListingMatch]:
    """The k best open listings of the other kind for `listing`, best first."""
    query = core_listings([listing])[0]
    index = match_index_get()
    with _lock:
        matches = index.search(
            query,
            k=k + SEARCH_MARGIN,
            now=now.timestamp(),
            exclude_owner_ids=frozenset(excluded_owner_ids),
        )
    return _matches_to_listings(matches)[:k]


def match_score(*, ask: Listing, offer: Listing, now: datetime) -> tuple[float, list[core.Reason]]:
    """Score one ask against one offer, with the reasons; 0 when they are out of reach."""
    index = core.MatchIndex(vocabulary=_vocabulary_get())
    query, candidate = core_listings([ask, offer])
    index.add(candidate)
    matches = index.search(query, k=1, now=now.timestamp())
    if not matches:
        return 0.0, []
    return matches[0].score, list(matches[0].reasons)

"""Background work for asks and offers: fetch by id, call a service."""

from django.utils import timezone
from django_tasks import task

from samenkracht.matching import selectors, services


@task()
def matches_notify_new_task(*, listing_id: int) -> int:
    """Tell the owners of well-matching listings about a new ask or offer."""
    listing = selectors.listing_get(pk=listing_id)
    if listing is None:
        return 0
    return services.matches_notify_new(listing=listing, now=timezone.now())


@task()
def digest_send_task() -> int:
    return services.digest_send(now=timezone.now())


@task()
def listings_expire_task() -> dict[str, int]:
    return services.listings_expire(now=timezone.now())


@task()
def outcomes_remind_task() -> int:
    return services.outcomes_remind(now=timezone.now())

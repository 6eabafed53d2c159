"""Background work for the time bank: release pending transfers whose time is up."""

from django.utils import timezone
from django_tasks import task

from samenkracht.exchange import services


@task()
def pending_expire_task() -> int:
    """Release every pending transfer past its expiry (cron); return how many."""
    total = 0
    while released := services.ledger_expire(now=timezone.now()):
        total += released
    return total

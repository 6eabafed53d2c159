"""Notifications to the people who follow a proposal (and its author)."""

from django.urls import reverse

from samenkracht.budgeting.models import Proposal
from samenkracht.matching.models import Notification
from samenkracht.matching.services.notifications import notification_send


def followers_notify(*, proposal: Proposal, text: str) -> int:
    """Tell everyone who follows a proposal (and its author) what happened to it."""
    url = reverse("budgeting:proposal-detail", args=[proposal.pk])
    people = {follow.user for follow in proposal.follows.select_related("user")}
    if proposal.author is not None:
        people.add(proposal.author)
    sent = 0
    for person in sorted(people, key=lambda user: user.pk):
        if notification_send(
            user=person, kind=Notification.Kind.PROPOSAL_UPDATE, text=text, url=url
        ):
            sent += 1
    return sent

"""Votes: anonymous ballots, who took part, help with voting and letter codes."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from samenkracht.budgeting.models.rounds import BudgetRound
from samenkracht.common.models import BaseModel
from samenkracht.people.models import User


class Ballot(models.Model):
    """One voter's ballot, stored so that it cannot be linked to the person.

    No user, no timestamps and a random primary key: the only way from a person to their
    ballot is `voter_key`, an HMAC of (round, person) under a server secret, so the voter
    can change it until closing. Published ballots carry a shuffled `public_number`.
    See docs/decisions/0011-anonymous-ballots.md.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    budget_round = models.ForeignKey(BudgetRound, on_delete=models.CASCADE, related_name="ballots")
    voter_key = models.CharField(max_length=64)
    # [[proposal id, points or null], ...] in the order cast (for a ranking: best first).
    choices = models.JSONField(default=list, blank=True)
    receipt_hash = models.CharField(max_length=64, blank=True)
    public_number = models.PositiveIntegerField(blank=True, null=True)

    class Meta:
        ordering = ["budget_round", "public_number", "id"]
        verbose_name = _("stem")
        verbose_name_plural = _("stemmen")
        constraints = [
            models.UniqueConstraint(
                fields=["budget_round", "voter_key"], name="budgeting_ballot_one_per_voter"
            ),
            models.UniqueConstraint(
                fields=["budget_round", "public_number"], name="budgeting_ballot_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Stem')} {self.public_number or '—'}"

    @property
    def proposal_ids(self) -> list[int]:
        return [int(choice[0]) for choice in self.choices]


class VoterRecord(BaseModel):
    """That a person took part in a round, and how; never what they chose."""

    class Method(models.TextChoices):
        ACCOUNT = "account", _("Met eigen account")
        LETTER = "letter", _("Met code uit een brief")
        ASSISTED = "assisted", _("Met hulp van een professional")

    budget_round = models.ForeignKey(
        BudgetRound, on_delete=models.CASCADE, related_name="voter_records"
    )
    person = models.ForeignKey(User, on_delete=models.PROTECT, related_name="budget_votes")
    voted_at = models.DateTimeField(_("gestemd op"))
    method = models.CharField(_("hoe"), max_length=10, choices=Method.choices)
    assisted_by = models.ForeignKey(
        User,
        verbose_name=_("geholpen door"),
        on_delete=models.SET_NULL,
        related_name="budget_votes_assisted",
        blank=True,
        null=True,
    )
    times_changed = models.PositiveIntegerField(_("keer veranderd"), default=0)

    class Meta:
        ordering = ["budget_round", "person_id"]
        verbose_name = _("deelname aan de stemming")
        verbose_name_plural = _("deelnames aan de stemming")
        constraints = [
            models.UniqueConstraint(
                fields=["budget_round", "person"], name="budgeting_voter_once_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.budget_round_id}"


class VoteAssistance(BaseModel):
    """Log: a professional helped a resident to vote (who, for whom, when)."""

    budget_round = models.ForeignKey(
        BudgetRound, on_delete=models.CASCADE, related_name="vote_assistances"
    )
    professional = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="budget_assistances_given"
    )
    resident = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="budget_assistances_received"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("hulp bij stemmen")
        verbose_name_plural = _("hulp bij stemmen")

    def __str__(self) -> str:
        return f"{self.professional_id} → {self.resident_id}"


class VotingCode(BaseModel):
    """A one-time code on a printed letter, for a resident who votes without an account.

    Only a keyed hash of the code is stored; the hash finds the code again when it is typed.
    """

    budget_round = models.ForeignKey(
        BudgetRound, on_delete=models.CASCADE, related_name="voting_codes"
    )
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="budget_voting_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        related_name="budget_voting_codes_issued",
        blank=True,
        null=True,
    )
    used_at = models.DateTimeField(blank=True, null=True)
    revoked_at = models.DateTimeField(blank=True, null=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("stemcode")
        verbose_name_plural = _("stemcodes")

    def __str__(self) -> str:
        return f"{_('Stemcode')} {self.person_id}"

"""Budget rounds and their phases, and the stored result of a round."""

from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samenkracht.common.models import BaseModel
from samenkracht.people.models import Municipality, Neighbourhood, User


class Phase(models.TextChoices):
    """The phases of a round, in order; `PHASE_ORDER` compares them."""

    ANNOUNCED = "announced", _("Aangekondigd")
    PROPOSALS = "proposals", _("Voorstellen indienen")
    SUPPORT = "support", _("Steun verzamelen")
    FEASIBILITY = "feasibility", _("Haalbaarheid toetsen")
    VOTING = "voting", _("Stemmen")
    RESULTS = "results", _("Uitslag")
    DELIVERY = "delivery", _("Uitvoering")


PHASE_ORDER = {phase: number for number, phase in enumerate(Phase)}


class BudgetRound(BaseModel):
    """A buurtbudget: residents of one or more buurten decide how an amount is spent."""

    class BallotType(models.TextChoices):
        APPROVAL = "approval", _("Projecten aankruisen")
        KNAPSACK = "knapsack", _("Projecten kiezen binnen het budget")
        CUMULATIVE = "cumulative", _("Punten verdelen")
        RANKING = "ranking", _("Projecten op volgorde zetten")

    class Rule(models.TextChoices):
        # The values are the allocation core's rule names.
        MES_COMPLETED = "mes-add1-greedy", _("Methode van gelijke delen, met aanvulling")
        GREEDY = "greedy", _("Meeste stemmen eerst")
        PHRAGMEN = "phragmen", _("Methode van Phragmén")
        MES = "mes", _("Methode van gelijke delen, zonder aanvulling")
        MES_ADD1 = "mes-add1", _("Methode van gelijke delen, budget stap voor stap verhoogd")
        MES_ADD1_FULL = (
            "mes-add1-full",
            _("Methode van gelijke delen, budget zo ver mogelijk verhoogd"),
        )

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="budget_rounds",
    )
    neighbourhoods = models.ManyToManyField(
        Neighbourhood, verbose_name=_("buurten"), related_name="budget_rounds"
    )
    title = models.CharField(_("titel"), max_length=150)
    description = models.TextField(
        _("uitleg"), max_length=4000, blank=True, validators=[MaxLengthValidator(4000)]
    )
    amount = models.DecimalField(
        _("budget in euro"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("1"))],
    )
    proposals_start = models.DateTimeField(_("voorstellen indienen vanaf"))
    support_start = models.DateTimeField(_("steun verzamelen vanaf"))
    feasibility_start = models.DateTimeField(_("haalbaarheid toetsen vanaf"))
    voting_start = models.DateTimeField(_("stemmen vanaf"))
    voting_end = models.DateTimeField(_("stemmen tot"))
    delivery_start = models.DateTimeField(_("uitvoering vanaf"))
    min_supports = models.PositiveIntegerField(
        _("minimaal aantal steunbetuigingen"),
        default=10,
        help_text=_("Zoveel bewoners moeten een voorstel steunen voordat het verder mag."),
    )
    ballot_type = models.CharField(
        _("soort stembiljet"),
        max_length=12,
        choices=BallotType.choices,
        default=BallotType.KNAPSACK,
    )
    min_projects = models.PositiveSmallIntegerField(
        _("minimaal aantal projecten op een stem"), blank=True, null=True
    )
    max_projects = models.PositiveSmallIntegerField(
        _("maximaal aantal projecten op een stem"), blank=True, null=True
    )
    points_total = models.PositiveSmallIntegerField(
        _("punten om te verdelen"), blank=True, null=True
    )
    rule = models.CharField(
        _("manier van verdelen"), max_length=16, choices=Rule.choices, default=Rule.MES_COMPLETED
    )
    minimum_age = models.PositiveSmallIntegerField(_("minimumleeftijd om mee te doen"), default=16)
    allows_letter_codes = models.BooleanField(
        _("ook stemmen met een code uit een brief"),
        default=True,
        help_text=_(
            "Voor bewoners zonder account: de sociaal makelaar drukt een brief met code af."
        ),
    )
    created_by = models.ForeignKey(
        User,
        verbose_name=_("gemaakt door"),
        on_delete=models.SET_NULL,
        related_name="budget_rounds_created",
        blank=True,
        null=True,
    )
    # The last phase whose transitions (support counted, ballot fixed, result asked) ran.
    applied_phase = models.CharField(max_length=12, choices=Phase.choices, default=Phase.ANNOUNCED)
    settings_locked_at = models.DateTimeField(_("instellingen vast sinds"), blank=True, null=True)
    # The META section of an imported Pabulib file, written back on export.
    source_meta = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-voting_start", "-id"]
        verbose_name = _("burgerbegroting")
        verbose_name_plural = _("burgerbegrotingen")
        constraints = [
            models.CheckConstraint(
                condition=Q(proposals_start__lte=models.F("support_start"))
                & Q(support_start__lte=models.F("feasibility_start"))
                & Q(feasibility_start__lte=models.F("voting_start"))
                & Q(voting_start__lt=models.F("voting_end"))
                & Q(voting_end__lte=models.F("delivery_start")),
                name="budgeting_round_phases_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("budgeting:round-detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        starts = [
            ("support_start", self.proposals_start, self.support_start),
            ("feasibility_start", self.support_start, self.feasibility_start),
            ("voting_start", self.feasibility_start, self.voting_start),
            ("delivery_start", self.voting_end, self.delivery_start),
        ]
        errors: dict[str, list[str]] = {}
        for field, before, after in starts:
            if before and after and after < before:
                errors.setdefault(field, []).append(
                    str(_("Deze fase kan niet beginnen voordat de vorige fase begint."))
                )
        if self.voting_start and self.voting_end and self.voting_end <= self.voting_start:
            errors.setdefault("voting_end", []).append(
                str(_("Het stemmen moet eindigen na het begin."))
            )
        if (
            self.min_projects is not None
            and self.max_projects is not None
            and self.min_projects > self.max_projects
        ):
            errors.setdefault("min_projects", []).append(
                str(_("Het minimum kan niet groter zijn dan het maximum."))
            )
        if self.ballot_type == self.BallotType.CUMULATIVE and not self.points_total:
            errors.setdefault("points_total", []).append(
                str(_("Vul in hoeveel punten iedere stemmer mag verdelen."))
            )
        if errors:
            raise ValidationError(errors)

    def phase_at(self, now: datetime) -> Phase:
        """Return the phase the round is in at `now`."""
        if now < self.proposals_start:
            return Phase.ANNOUNCED
        if now < self.support_start:
            return Phase.PROPOSALS
        if now < self.feasibility_start:
            return Phase.SUPPORT
        if now < self.voting_start:
            return Phase.FEASIBILITY
        if now < self.voting_end:
            return Phase.VOTING
        if now < self.delivery_start:
            return Phase.RESULTS
        return Phase.DELIVERY

    @property
    def is_settings_locked(self) -> bool:
        return self.settings_locked_at is not None


class RoundResult(BaseModel):
    """The stored outcome of a round: what was chosen, and the numbers that explain it."""

    class Status(models.TextChoices):
        COMPUTING = "computing", _("Wordt berekend")
        DONE = "done", _("Klaar")
        FAILED = "failed", _("Mislukt")

    budget_round = models.OneToOneField(
        BudgetRound, on_delete=models.CASCADE, related_name="result"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.COMPUTING)
    rule = models.CharField(max_length=16)
    utility = models.CharField(max_length=10, default="cost")
    voter_count = models.PositiveIntegerField(default=0)
    budget = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    spent = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    # Exact per-voter budget at the end (MES rules) as "numerator/denominator", else "".
    voter_budget = models.CharField(max_length=80, blank=True)
    selected = models.JSONField(default=list, blank=True)  # proposal ids, in the order chosen
    # Per proposal id: supporters, selected, round, payers, max_payment, supporters_left,
    # rank, by_completion (money as "numerator/denominator").
    projects = models.JSONField(default=dict, blank=True)
    greedy_selected = models.JSONField(default=list, blank=True)
    greedy_spent = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    computed_at = models.DateTimeField(blank=True, null=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("uitslag")
        verbose_name_plural = _("uitslagen")

    def __str__(self) -> str:
        return f"{_('Uitslag')} {self.budget_round_id}"

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

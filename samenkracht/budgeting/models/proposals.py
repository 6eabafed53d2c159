"""Proposals, the support and follows they get, and the milestones of their delivery."""

from decimal import Decimal

from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samenkracht.budgeting.models.rounds import BudgetRound
from samenkracht.common.models import BaseModel
from samenkracht.people.models import Neighbourhood, User


class Proposal(BaseModel):
    """A resident's idea for the budget, from submission to delivery."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Ingediend")
        NOT_PASSED = "not_passed", _("Te weinig steun")
        PASSED = "passed", _("Genoeg steun")
        FEASIBLE = "feasible", _("Haalbaar")
        NOT_FEASIBLE = "not_feasible", _("Niet haalbaar")
        ON_BALLOT = "on_ballot", _("Op het stembiljet")
        WON = "won", _("Gekozen")
        LOST = "lost", _("Niet gekozen")
        WITHDRAWN = "withdrawn", _("Ingetrokken")

    class Delivery(models.TextChoices):
        NONE = "", _("Nog niet")
        PLANNED = "planned", _("Gepland")
        IN_PROGRESS = "in_progress", _("Wordt uitgevoerd")
        DONE = "done", _("Klaar")
        STOPPED = "stopped", _("Gestopt")

    budget_round = models.ForeignKey(
        BudgetRound,
        verbose_name=_("burgerbegroting"),
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    author = models.ForeignKey(
        User,
        verbose_name=_("ingediend door"),
        on_delete=models.SET_NULL,
        related_name="budget_proposals",
        blank=True,
        null=True,
    )
    title = models.CharField(_("titel"), max_length=120)
    text = models.TextField(
        _("beschrijving"), max_length=3000, blank=True, validators=[MaxLengthValidator(3000)]
    )
    photo = models.ImageField(_("foto"), upload_to="proposals/", blank=True)
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        verbose_name=_("buurt"),
        on_delete=models.PROTECT,
        related_name="budget_proposals",
        blank=True,
        null=True,
    )
    latitude = models.FloatField(_("breedtegraad"), blank=True, null=True)
    longitude = models.FloatField(_("lengtegraad"), blank=True, null=True)
    estimated_cost = models.DecimalField(
        _("geschatte kosten in euro"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    feasibility_reason = models.TextField(
        _("toelichting op de toets"),
        max_length=2000,
        blank=True,
        validators=[MaxLengthValidator(2000)],
    )
    assessed_cost = models.DecimalField(
        _("kosten volgens de gemeente"),
        max_digits=12,
        decimal_places=2,
        blank=True,
        null=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    assessed_by = models.ForeignKey(
        User,
        verbose_name=_("getoetst door"),
        on_delete=models.SET_NULL,
        related_name="budget_proposals_assessed",
        blank=True,
        null=True,
    )
    assessed_at = models.DateTimeField(_("getoetst op"), blank=True, null=True)
    delivery_status = models.CharField(
        _("uitvoering"), max_length=12, choices=Delivery.choices, default=Delivery.NONE, blank=True
    )
    # The project id in an imported Pabulib file; new proposals use their own id.
    source_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["budget_round", "title", "id"]
        verbose_name = _("voorstel")
        verbose_name_plural = _("voorstellen")
        indexes = [models.Index(fields=["budget_round", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("budgeting:proposal-detail", kwargs={"pk": self.pk})

    @property
    def cost(self) -> Decimal:
        """What the project costs on the ballot: the municipality's estimate once there is one."""
        return self.assessed_cost if self.assessed_cost is not None else self.estimated_cost

    @property
    def project_id(self) -> str:
        """The project's id for the allocation core and in the Pabulib file."""
        return self.source_id or str(self.pk)


class Support(BaseModel):
    """A resident supports a proposal ("steunen"), so that it reaches the ballot."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="budget_supports")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("steunbetuiging")
        verbose_name_plural = _("steunbetuigingen")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="budgeting_support_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.proposal_id}"


class Follow(BaseModel):
    """A person follows a proposal, to see how it goes."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="budget_follows")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("volger")
        verbose_name_plural = _("volgers")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="budgeting_follow_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.proposal_id}"


class DeliveryUpdate(BaseModel):
    """A milestone in carrying out a chosen project, with an optional photo."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="delivery_updates"
    )
    author = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        related_name="budget_delivery_updates",
        blank=True,
        null=True,
    )
    status = models.CharField(_("uitvoering"), max_length=12, choices=Proposal.Delivery.choices)
    text = models.TextField(
        _("wat is er gebeurd?"), max_length=2000, validators=[MaxLengthValidator(2000)]
    )
    photo = models.ImageField(_("foto"), upload_to="proposals/", blank=True)

    class Meta:
        ordering = ["proposal", "created_at", "id"]
        verbose_name = _("mijlpaal")
        verbose_name_plural = _("mijlpalen")

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.get_status_display()}"

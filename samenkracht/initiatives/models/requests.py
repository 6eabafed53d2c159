"""Support requests to the municipality, its departments, and recognised local expertise."""

from decimal import Decimal

from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samenkracht.common.models import BaseModel
from samenkracht.initiatives.models.initiatives import Initiative, PolicyDomain
from samenkracht.people.models import Municipality, Neighbourhood, User


class Department(BaseModel):
    """A department of the municipality that handles support requests."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="departments"
    )
    name = models.CharField(_("naam"), max_length=120)
    email = models.EmailField(_("e-mailadres"), blank=True)

    class Meta:
        ordering = ["municipality", "name"]
        verbose_name = _("afdeling")
        verbose_name_plural = _("afdelingen")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="initiatives_department_name_once"
            )
        ]

    def __str__(self) -> str:
        return self.name


class SupportRequest(BaseModel):
    """An initiative asks the municipality for a subsidy, space, a permit or advice."""

    class Kind(models.TextChoices):
        SUBSIDY = "subsidy", _("Subsidie")
        SPACE = "space", _("Ruimte")
        PERMIT = "permit", _("Vergunning")
        ADVICE = "advice", _("Advies")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Ontvangen")
        IN_TREATMENT = "in_treatment", _("In behandeling")
        DECIDED = "decided", _("Besloten")

    class Decision(models.TextChoices):
        NONE = "", _("Nog geen besluit")
        GRANTED = "granted", _("Toegekend")
        PARTLY = "partly", _("Deels toegekend")
        REFUSED = "refused", _("Afgewezen")

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="support_requests"
    )
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("onderwerp"), max_length=150)
    text = models.TextField(
        _("toelichting"), max_length=5000, validators=[MaxLengthValidator(5000)]
    )
    amount = models.DecimalField(
        _("gevraagd bedrag in euro"),
        max_digits=12,
        decimal_places=2,
        blank=True,
        null=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("afdeling"),
        on_delete=models.PROTECT,
        related_name="support_requests",
        blank=True,
        null=True,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    decision = models.CharField(
        _("besluit"), max_length=8, choices=Decision.choices, default=Decision.NONE, blank=True
    )
    decision_text = models.TextField(
        _("toelichting op het besluit"),
        max_length=3000,
        blank=True,
        validators=[MaxLengthValidator(3000)],
    )
    received_at = models.DateTimeField(_("ontvangen op"))
    in_treatment_at = models.DateTimeField(_("in behandeling sinds"), blank=True, null=True)
    decided_at = models.DateTimeField(_("besloten op"), blank=True, null=True)
    requested_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, related_name="support_requests", blank=True, null=True
    )
    handled_by = models.ForeignKey(
        User,
        verbose_name=_("behandeld door"),
        on_delete=models.SET_NULL,
        related_name="support_requests_handled",
        blank=True,
        null=True,
    )

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("ondersteuningsvraag")
        verbose_name_plural = _("ondersteuningsvragen")
        indexes = [models.Index(fields=["status", "received_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="decided", decided_at__isnull=False) | ~Q(status="decided"),
                name="initiatives_request_decided_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("initiatives:request-detail", kwargs={"pk": self.pk})


class SupportRequestEvent(BaseModel):
    """One step of a request (status change or message), so both sides see its history."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("status"), max_length=12, choices=SupportRequest.Status.choices)
    text = models.TextField(
        _("bericht"), max_length=3000, blank=True, validators=[MaxLengthValidator(3000)]
    )
    author = models.ForeignKey(
        User, on_delete=models.SET_NULL, related_name="+", blank=True, null=True
    )

    class Meta:
        ordering = ["request", "created_at", "id"]
        verbose_name = _("stap van een ondersteuningsvraag")
        verbose_name_plural = _("stappen van ondersteuningsvragen")

    def __str__(self) -> str:
        return f"{self.request_id}: {self.get_status_display()}"


class Expertise(BaseModel):
    """A resident recognised as wijkspecialist on a policy domain in a neighbourhood."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="expertises")
    domain = models.ForeignKey(
        PolicyDomain, verbose_name=_("beleidsdomein"), on_delete=models.PROTECT, related_name="+"
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood, verbose_name=_("buurt"), on_delete=models.PROTECT, related_name="+"
    )
    motivation = models.CharField(
        _("waarom erkend"), max_length=300, blank=True, validators=[MaxLengthValidator(300)]
    )
    recognised_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, related_name="+", blank=True, null=True
    )
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["user", "domain", "neighbourhood"]
        verbose_name = _("wijkspecialist")
        verbose_name_plural = _("wijkspecialisten")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "domain", "neighbourhood"], name="initiatives_expertise_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.domain_id} in {self.neighbourhood_id}"


class Contribution(BaseModel):
    """A wijkspecialist's advice on an initiative or on one of its support requests."""

    expertise = models.ForeignKey(Expertise, on_delete=models.CASCADE, related_name="contributions")
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="contributions"
    )
    request = models.ForeignKey(
        SupportRequest,
        on_delete=models.CASCADE,
        related_name="contributions",
        blank=True,
        null=True,
    )
    text = models.TextField(_("advies"), max_length=2000, validators=[MaxLengthValidator(2000)])

    class Meta:
        ordering = ["initiative", "-created_at", "-id"]
        verbose_name = _("bijdrage van een wijkspecialist")
        verbose_name_plural = _("bijdragen van wijkspecialisten")

    def __str__(self) -> str:
        return f"{self.expertise_id} → {self.initiative_id}"

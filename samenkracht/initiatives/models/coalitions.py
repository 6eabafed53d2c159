"""Coalitions: partners from the three O's who work on an initiative, and their roles over time."""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from samenkracht.common.models import BaseModel
from samenkracht.initiatives.models.initiatives import Initiative
from samenkracht.people.models import Organisation, User


class Partner(BaseModel):
    """An organisation, or a resident on their own, in an initiative's coalition.

    The domain among the three O's comes from the organisation; a resident on their own is
    Oikos. What the partner does is in its roles, which change over time.
    """

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        related_name="partnerships",
        blank=True,
        null=True,
    )
    person = models.ForeignKey(
        User,
        verbose_name=_("persoon"),
        on_delete=models.CASCADE,
        related_name="partnerships",
        blank=True,
        null=True,
    )
    added_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, related_name="+", blank=True, null=True
    )

    class Meta:
        ordering = ["initiative", "id"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, person__isnull=True)
                | Q(organisation__isnull=True, person__isnull=False),
                name="initiatives_partner_organisation_xor_person",
            ),
            models.UniqueConstraint(
                fields=["initiative", "organisation"],
                condition=Q(organisation__isnull=False),
                name="initiatives_partner_organisation_once",
            ),
            models.UniqueConstraint(
                fields=["initiative", "person"],
                condition=Q(person__isnull=False),
                name="initiatives_partner_person_once",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation or self.person)

    @property
    def domain(self) -> str:
        """Which of the three O's: the organisation's, or Oikos for a resident."""
        if self.organisation is not None:
            return str(self.organisation.domain)
        return str(Organisation.Domain.OIKOS)


class PartnerRole(BaseModel):
    """What a partner does for the initiative during a period; ended roles stay as history."""

    class Role(models.TextChoices):
        INITIATOR = "initiator", _("Initiatiefnemer")
        FUNDER = "funder", _("Financier")
        HOST = "host", _("Gastheer (biedt ruimte)")
        EXPERT = "expert", _("Deskundige")
        VOLUNTEER_SUPPLIER = "volunteers", _("Levert vrijwilligers")
        SUPPLIER = "supplier", _("Levert materiaal")
        ADVISOR = "advisor", _("Adviseur")
        AMBASSADOR = "ambassador", _("Ambassadeur")

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("rol"), max_length=12, choices=Role.choices)
    starts_on = models.DateField(_("vanaf"))
    ends_on = models.DateField(_("tot en met"), blank=True, null=True)
    note = models.CharField(
        _("toelichting"), max_length=300, blank=True, validators=[MaxLengthValidator(300)]
    )

    class Meta:
        ordering = ["partner", "starts_on", "id"]
        verbose_name = _("rol van een partner")
        verbose_name_plural = _("rollen van partners")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="initiatives_partner_role_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner_id}: {self.get_role_display()}"

"""The time bank and local currencies: currencies, accounts, immutable transfers, audit trail.

The rules live in `samenkracht.core.ledger`; these tables hold what it decided. Transfers are
never changed or deleted (the database refuses it too, see migration 0002): a mistake is
corrected by a reversing transfer with a reason.
"""

import uuid
from decimal import Decimal
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from samenkracht.common.hours import hours_unit, plural_count
from samenkracht.common.models import BaseModel
from samenkracht.core import ledger
from samenkracht.matching.models import Contact, Listing
from samenkracht.people.models import Municipality, Organisation, User

DEFAULT_CURRENCY_CODE = "uren"
# The unit of the built-in hours currency as migration 0003 stores it; shown translated.
HOURS_UNIT = "uur"


class ImmutableError(Exception):
    """A transfer was about to be changed or deleted; corrections go by reversal."""


class Currency(BaseModel):
    """Hours (the time bank) or a local currency; amounts are counted in smallest units."""

    code = models.SlugField(
        _("code"),
        max_length=20,
        unique=True,
        validators=[RegexValidator(r"^[a-z][a-z0-9-]*$", _("Kleine letters, cijfers en -."))],
    )
    name = models.CharField(_("naam"), max_length=60)
    unit = models.CharField(_("eenheid"), max_length=20, help_text=_("Bijvoorbeeld ‘uur’."))
    scale = models.PositiveSmallIntegerField(
        _("aantal decimalen"), default=2, validators=[MaxValueValidator(6)]
    )
    floor = models.BigIntegerField(
        _("ondergrens"),
        blank=True,
        null=True,
        validators=[MinValueValidator(0)],
        help_text=_("Hoe ver iemand onder nul mag komen, in de kleinste eenheid. Leeg: geen."),
    )
    ceiling = models.BigIntegerField(
        _("bovengrens"),
        blank=True,
        null=True,
        validators=[MinValueValidator(0)],
        help_text=_("Het hoogste saldo, in de kleinste eenheid. Leeg: geen."),
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="currencies",
        blank=True,
        null=True,
        help_text=_("Leeg: voor het hele platform."),
    )
    is_opened_for_everyone = models.BooleanField(
        _("iedereen heeft een rekening"),
        default=False,
        help_text=_("Zoals uren: een rekening gaat vanzelf open bij de eerste overboeking."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("munt")
        verbose_name_plural = _("munten")

    def __str__(self) -> str:
        return self.name

    def limits(self) -> ledger.Limits:
        return ledger.Limits(floor=self.floor, ceiling=self.ceiling)

    def format(self, units: int) -> str:
        """The amount for machines (API, export): a decimal point, e.g. "1.50"."""
        return ledger.format_amount(units, scale=self.scale)

    def display(self, units: int) -> str:
        """The amount for people (pages, messages, notifications, the PDF), written the
        page's way: "1,50" in Dutch, "1.50" in English."""
        return formats.number_format(Decimal(units).scaleb(-self.scale), decimal_pos=self.scale)

    @property
    def is_hours_unit(self) -> bool:
        """Whether the unit is the built-in "uur", which pages translate; a unit an
        administrator entered (e.g. "Makkie") is shown as entered."""
        return self.code == DEFAULT_CURRENCY_CODE and self.unit == HOURS_UNIT

    def unit_label(self, units: int | None = None) -> str:
        """The unit to write next to an amount of `units` (smallest units), or above a
        column of amounts (None)."""
        if not self.is_hours_unit:
            return self.unit
        return hours_unit(2 if units is None else plural_count(units, scale=self.scale))


class Account(BaseModel):
    """One holder's balance in one currency; its columns are what the transfers add up to."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Persoon")
        ORGANISATION = "organisation", _("Organisatie")
        ISSUANCE = "issuance", _("Uitgifte (systeem)")
        POOL = "pool", _("Gemeenschapspot")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    currency = models.ForeignKey(Currency, on_delete=models.PROTECT, related_name="accounts")
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    owner = models.ForeignKey(
        User,
        verbose_name=_("houder"),
        on_delete=models.PROTECT,
        related_name="exchange_accounts",
        blank=True,
        null=True,
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="exchange_accounts",
        blank=True,
        null=True,
    )
    debits_posted = models.BigIntegerField(default=0)
    credits_posted = models.BigIntegerField(default=0)
    debits_pending = models.BigIntegerField(default=0)
    credits_pending = models.BigIntegerField(default=0)
    is_closed = models.BooleanField(_("gesloten"), default=False)

    class Meta:
        ordering = ["currency", "kind", "id"]
        verbose_name = _("rekening")
        verbose_name_plural = _("rekeningen")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="person", owner__isnull=False, organisation__isnull=True)
                    | Q(kind="organisation", owner__isnull=True, organisation__isnull=False)
                    | Q(
                        kind__in=["issuance", "pool"], owner__isnull=True, organisation__isnull=True
                    )
                ),
                name="exchange_account_one_holder",
            ),
            models.CheckConstraint(
                condition=Q(debits_posted__gte=0)
                & Q(credits_posted__gte=0)
                & Q(debits_pending__gte=0)
                & Q(credits_pending__gte=0),
                name="exchange_account_sums_not_negative",
            ),
            models.UniqueConstraint(
                fields=["currency", "owner"],
                condition=Q(owner__isnull=False),
                name="exchange_account_one_per_person",
            ),
            models.UniqueConstraint(
                fields=["currency", "organisation"],
                condition=Q(organisation__isnull=False),
                name="exchange_account_one_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["currency", "kind"],
                condition=Q(kind__in=["issuance", "pool"]),
                name="exchange_account_one_system_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.holder_name} ({self.currency_id})"

    @property
    def holder_name(self) -> str:
        if self.kind == self.Kind.PERSON and self.owner is not None:
            return str(self.owner)
        if self.kind == self.Kind.ORGANISATION and self.organisation is not None:
            return str(self.organisation)
        return str(self.get_kind_display())

    @property
    def balance(self) -> int:
        return self.credits_posted - self.debits_posted

    def limits(self) -> ledger.Limits:
        return self.limits_of(
            kind=self.kind, floor=self.currency.floor, ceiling=self.currency.ceiling
        )

    @classmethod
    def limits_of(cls, *, kind: str, floor: int | None, ceiling: int | None) -> ledger.Limits:
        """System issuance has no limits; the pool never goes below zero; holders follow
        their currency (`floor` and `ceiling`). A class method, so the ledger's hot path can
        ask it from plain column values without building model instances."""
        if kind == cls.Kind.ISSUANCE:
            return ledger.Limits(floor=None, ceiling=None)
        if kind == cls.Kind.POOL:
            return ledger.Limits(floor=0, ceiling=None)
        return ledger.Limits(floor=floor, ceiling=ceiling)

    def ledger_balance(self) -> ledger.Balance:
        return ledger.Balance(
            debits_posted=self.debits_posted,
            credits_posted=self.credits_posted,
            debits_pending=self.debits_pending,
            credits_pending=self.credits_pending,
        )


class TransferQuerySet(models.QuerySet["Transfer"]):
    """Transfers are only added; a pending transfer's state is the one thing that moves."""

    MUTABLE_FIELDS = frozenset({"pending_state", "updated_at"})

    def delete(self) -> Any:
        raise ImmutableError("Overboekingen worden nooit verwijderd.")

    def update(self, **kwargs: Any) -> int:
        if not set(kwargs) <= self.MUTABLE_FIELDS:
            raise ImmutableError("Overboekingen worden nooit gewijzigd.")
        return super().update(**kwargs)


class Transfer(BaseModel):
    """One amount from a debit account to a credit account; never changed afterwards."""

    class Kind(models.TextChoices):
        THANKS = "thanks", _("Bedankt")
        FREE = "free", _("Overgemaakt")
        GRANT = "grant", _("Uit de gemeenschapspot")
        FUNDING = "funding", _("Naar de gemeenschapspot")
        ISSUANCE = "issuance", _("Uitgifte")
        REVERSAL = "reversal", _("Correctie")
        POST = "post", _("Bevestigd")
        VOID = "void", _("Geweigerd")

    class PendingState(models.TextChoices):
        NONE = "", _("Geen")
        OPEN = "open", _("Wacht op bevestiging")
        POSTED = "posted", _("Bevestigd")
        VOIDED = "voided", _("Geweigerd")
        EXPIRED = "expired", _("Verlopen")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # The client's idempotency key, scoped by who sent it (see services.ledger.key_scoped).
    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    debit = models.ForeignKey(
        Account, verbose_name=_("van"), on_delete=models.PROTECT, related_name="debits"
    )
    credit = models.ForeignKey(
        Account, verbose_name=_("naar"), on_delete=models.PROTECT, related_name="credits"
    )
    amount = models.BigIntegerField(_("bedrag"))
    is_pending = models.BooleanField(_("wacht op bevestiging"), default=False)
    pending_state = models.CharField(
        _("stand"), max_length=10, choices=PendingState.choices, blank=True, default=""
    )
    expires_at = models.DateTimeField(_("verloopt op"), blank=True, null=True)
    pending = models.ForeignKey(
        "self",
        verbose_name=_("bevestigt of weigert"),
        on_delete=models.PROTECT,
        related_name="resolutions",
        blank=True,
        null=True,
    )
    reverses = models.ForeignKey(
        "self",
        verbose_name=_("corrigeert"),
        on_delete=models.PROTECT,
        related_name="reversals",
        blank=True,
        null=True,
    )
    reason = models.CharField(_("reden"), max_length=300, blank=True)
    memo = models.CharField(_("omschrijving"), max_length=200, blank=True)
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("match"),
        on_delete=models.SET_NULL,
        related_name="transfers",
        blank=True,
        null=True,
    )
    listing = models.ForeignKey(
        Listing,
        verbose_name=_("vraag of aanbod"),
        on_delete=models.SET_NULL,
        related_name="transfers",
        blank=True,
        null=True,
    )
    initiated_by = models.ForeignKey(
        User,
        verbose_name=_("gedaan door"),
        on_delete=models.PROTECT,
        related_name="exchange_transfers",
        blank=True,
        null=True,
    )
    # The ledger's own clock (the `now` its service was given), not the insert's.
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = TransferQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("overboeking")
        verbose_name_plural = _("overboekingen")
        indexes = [
            models.Index(fields=["debit", "created_at"]),
            models.Index(fields=["credit", "created_at"]),
            models.Index(fields=["pending_state", "expires_at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="exchange_transfer_positive"),
            models.CheckConstraint(
                condition=~Q(debit=models.F("credit")), name="exchange_transfer_two_accounts"
            ),
            models.CheckConstraint(
                condition=(Q(is_pending=True) & ~Q(pending_state=""))
                | (Q(is_pending=False) & Q(pending_state="")),
                name="exchange_transfer_pending_has_state",
            ),
            # A pending transfer is posted or voided at most once.
            models.UniqueConstraint(
                fields=["pending"],
                condition=Q(pending__isnull=False),
                name="exchange_transfer_resolved_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} ({self.key})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableError("Overboekingen worden nooit gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ImmutableError("Overboekingen worden nooit verwijderd.")

    @property
    def is_posting(self) -> bool:
        """Whether this row moves the posted balances (a void or a pending row does not)."""
        return not self.is_pending and self.kind != self.Kind.VOID


class AuditEvent(BaseModel):
    """What an administrator or professional did to the ledger, for the audit trail."""

    class Action(models.TextChoices):
        REVERSAL = "reversal", _("Correctie geboekt")
        GRANT = "grant", _("Uren uit de pot gegeven")
        FUNDING = "funding", _("Pot aangevuld")
        ISSUANCE = "issuance", _("Uitgegeven")
        CURRENCY = "currency", _("Munt aangemaakt of gewijzigd")
        ACCOUNT_CLOSED = "account_closed", _("Rekening gesloten")
        EXPIRED = "expired", _("Verlopen overboekingen vrijgegeven")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    actor = models.ForeignKey(
        User,
        verbose_name=_("door"),
        on_delete=models.PROTECT,
        related_name="exchange_audit_events",
        blank=True,
        null=True,
    )
    action = models.CharField(_("handeling"), max_length=20, choices=Action.choices)
    transfer = models.ForeignKey(
        Transfer, on_delete=models.PROTECT, related_name="audit_events", blank=True, null=True
    )
    account = models.ForeignKey(
        Account, on_delete=models.PROTECT, related_name="audit_events", blank=True, null=True
    )
    detail = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("auditregel")
        verbose_name_plural = _("audittrail")

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d %H:%M})"

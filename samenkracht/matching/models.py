from decimal import Decimal

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samenkracht.common.models import BaseModel
from samenkracht.people.models import Neighbourhood, Organisation, User

# Availability is a bitmask: bit (day * 3 + part); day 0 = Monday, part 0/1/2 = morning,
# afternoon, evening. 21 bits fit any integer column on both databases.
DAYS = (
    _("maandag"),
    _("dinsdag"),
    _("woensdag"),
    _("donderdag"),
    _("vrijdag"),
    _("zaterdag"),
    _("zondag"),
)
PARTS = (_("ochtend"), _("middag"), _("avond"))
AVAILABILITY_ALL = (1 << 21) - 1
# How long help took, as one side of a match wrote it down: a quarter of an hour is 0.25.
HOURS_SPENT_MIN = Decimal("0.01")
HOURS_SPENT_MAX = Decimal("100")


class Category(BaseModel):
    """The Dutch taxonomy of asks and offers: two levels, editable by admins."""

    name = models.CharField(_("naam"), max_length=80)
    slug = models.SlugField(_("korte naam"), max_length=80, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("hoofdcategorie"),
        on_delete=models.PROTECT,
        related_name="children",
        blank=True,
        null=True,
    )
    synonyms = models.TextField(
        _("woorden en synoniemen"),
        blank=True,
        help_text=_("Woorden die mensen gebruiken voor deze categorie, gescheiden door komma's."),
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    is_active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("categorie")
        verbose_name_plural = _("categorieën")

    def __str__(self) -> str:
        return f"{self.parent.name} › {self.name}" if self.parent_id and self.parent else self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.parent_id and self.parent and self.parent.parent_id:
            raise ValidationError({"parent": _("Een categorie heeft hoogstens twee niveaus.")})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError(
                {"parent": _("Een categorie kan niet haar eigen hoofdcategorie zijn.")}
            )

    @property
    def top(self) -> "Category":
        return self.parent if self.parent_id and self.parent else self

    @property
    def synonym_list(self) -> list[str]:
        return [word.strip().lower() for word in self.synonyms.split(",") if word.strip()]


class Listing(BaseModel):
    """An offer ("Ik bied") or an ask ("Ik vraag") of a resident or an organisation."""

    class Kind(models.TextChoices):
        OFFER = "offer", _("Aanbod")
        ASK = "ask", _("Vraag")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_CONTACT = "in_contact", _("In contact")
        MATCHED = "matched", _("Gematcht")
        DONE = "done", _("Afgerond")
        WITHDRAWN = "withdrawn", _("Ingetrokken")
        EXPIRED = "expired", _("Verlopen")

    class Resource(models.TextChoices):
        HELP = "help", _("Hulp of tijd")
        THINGS = "things", _("Spullen")
        MONEY = "money", _("Geld")
        MATERIALS = "materials", _("Materialen")
        SPACE = "space", _("Ruimte")

    class Place(models.TextChoices):
        NEIGHBOURHOOD = "neighbourhood", _("In mijn buurt")
        RADIUS = "radius", _("Binnen een afstand")

    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    owner = models.ForeignKey(
        User, verbose_name=_("van"), on_delete=models.CASCADE, related_name="listings"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("namens organisatie"),
        on_delete=models.CASCADE,
        related_name="listings",
        blank=True,
        null=True,
    )
    created_by = models.ForeignKey(
        User,
        verbose_name=_("geplaatst door"),
        on_delete=models.SET_NULL,
        related_name="listings_created",
        blank=True,
        null=True,
        help_text=_("Een professional die een vraag plaatst voor een bewoner."),
    )
    title = models.CharField(_("titel"), max_length=120)
    description = models.TextField(
        _("beschrijving"), max_length=2000, blank=True, validators=[MaxLengthValidator(2000)]
    )
    category = models.ForeignKey(
        Category, verbose_name=_("categorie"), on_delete=models.PROTECT, related_name="listings"
    )
    resource = models.CharField(
        _("wat"), max_length=12, choices=Resource.choices, default=Resource.HELP
    )
    is_recurring = models.BooleanField(_("terugkerend"), default=False)
    availability = models.PositiveIntegerField(
        _("wanneer"), default=0, validators=[MaxValueValidator(AVAILABILITY_ALL)]
    )
    place = models.CharField(
        _("waar"), max_length=14, choices=Place.choices, default=Place.NEIGHBOURHOOD
    )
    radius_km = models.FloatField(
        _("afstand in km"),
        default=2.0,
        validators=[MinValueValidator(0.1), MaxValueValidator(50.0)],
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood, verbose_name=_("buurt"), on_delete=models.PROTECT, related_name="listings"
    )
    latitude = models.FloatField(_("breedtegraad"))
    longitude = models.FloatField(_("lengtegraad"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    expires_at = models.DateTimeField(_("verloopt op"))
    reminder_sent_at = models.DateTimeField(blank=True, null=True)
    closed_at = models.DateTimeField(blank=True, null=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("vraag of aanbod")
        verbose_name_plural = _("vragen en aanbod")
        indexes = [
            models.Index(fields=["kind", "status", "neighbourhood"]),
            models.Index(fields=["status", "expires_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(radius_km__gte=0.1) & Q(radius_km__lte=50),
                name="matching_listing_radius_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("matching:listing-detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in {self.Status.OPEN, self.Status.IN_CONTACT}


class Contact(BaseModel):
    """A first contact between an ask and an offer; details are shared only after acceptance."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Wacht op antwoord")
        ACCEPTED = "accepted", _("Geaccepteerd")
        DECLINED = "declined", _("Afgewezen")
        WITHDRAWN = "withdrawn", _("Ingetrokken")

    ask = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="contacts_as_ask")
    offer = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="contacts_as_offer")
    initiator = models.ForeignKey(User, on_delete=models.CASCADE, related_name="contacts_started")
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="contacts_received")
    introduced_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, related_name="introductions", blank=True, null=True
    )
    # An introduction by a professional needs both sides to accept.
    is_initiator_accepted = models.BooleanField(default=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    score = models.FloatField(default=0)
    explanation = models.JSONField(default=list, blank=True)
    decided_at = models.DateTimeField(blank=True, null=True)
    # Set when both sides were asked "is het gelukt?" a week after acceptance, so once only.
    outcome_reminded_at = models.DateTimeField(blank=True, null=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacten")
        constraints = [
            models.UniqueConstraint(fields=["ask", "offer"], name="matching_contact_unique_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.ask} ↔ {self.offer}"

    def get_absolute_url(self) -> str:
        return reverse("matching:contact-detail", kwargs={"pk": self.pk})

    def other_side(self, user: User) -> User:
        return self.recipient if user.pk == self.initiator_id else self.initiator


class Message(BaseModel):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(User, on_delete=models.CASCADE, related_name="messages_sent")
    body = models.TextField(_("bericht"), max_length=2000, validators=[MaxLengthValidator(2000)])

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")

    def __str__(self) -> str:
        return self.body[:40]


class Outcome(BaseModel):
    """ "Is het gelukt?": each side's answer after contact."""

    class Result(models.TextChoices):
        MATCHED = "matched", _("Ja, het is gelukt")
        NOT_MATCHED = "not_matched", _("Nee, het is niet gelukt")

    class Reason(models.TextChoices):
        NONE = "", _("Geen reden")
        NO_RESPONSE = "no_response", _("Geen reactie gekregen")
        NOT_SUITABLE = "not_suitable", _("Het paste niet bij wat ik zocht")
        NO_TIME = "no_time", _("Geen tijd of niet meer nodig")
        DISTANCE = "distance", _("Te ver weg")
        OTHER = "other", _("Iets anders")

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="outcomes")
    respondent = models.ForeignKey(User, on_delete=models.CASCADE, related_name="outcomes")
    result = models.CharField(_("is het gelukt?"), max_length=12, choices=Result.choices)
    reason = models.CharField(_("waarom niet?"), max_length=14, choices=Reason.choices, blank=True)
    note = models.TextField(
        _("toelichting"), max_length=500, blank=True, validators=[MaxLengthValidator(500)]
    )
    # The time bank proposes this many hours when the one who was helped says thank you.
    hours_spent = models.DecimalField(
        _("hoe lang duurde het?"),
        max_digits=5,
        decimal_places=2,
        blank=True,
        null=True,
        validators=[MinValueValidator(HOURS_SPENT_MIN), MaxValueValidator(HOURS_SPENT_MAX)],
        help_text=_("In uren, bijvoorbeeld 1 of 1,5. Alleen als het gelukt is."),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("uitkomst")
        verbose_name_plural = _("uitkomsten")
        constraints = [
            models.UniqueConstraint(fields=["contact", "respondent"], name="matching_outcome_once"),
            models.CheckConstraint(
                condition=Q(hours_spent__isnull=True)
                | (
                    Q(result="matched")
                    & Q(hours_spent__gte=HOURS_SPENT_MIN)
                    & Q(hours_spent__lte=HOURS_SPENT_MAX)
                ),
                name="matching_outcome_hours_spent_when_matched",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact_id}: {self.result}"


class Report(BaseModel):
    """A report of abuse, handled by an admin."""

    class Status(models.TextChoices):
        OPEN = "open", _("Nieuw")
        HANDLED = "handled", _("Afgehandeld")

    reporter = models.ForeignKey(User, on_delete=models.CASCADE, related_name="reports_made")
    reported = models.ForeignKey(User, on_delete=models.CASCADE, related_name="reports_received")
    contact = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, related_name="reports", blank=True, null=True
    )
    message = models.ForeignKey(
        Message, on_delete=models.SET_NULL, related_name="reports", blank=True, null=True
    )
    reason = models.TextField(
        _("wat is er gebeurd?"), max_length=1000, validators=[MaxLengthValidator(1000)]
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    handled_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, related_name="reports_handled", blank=True, null=True
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")

    def __str__(self) -> str:
        return f"{_('Melding')} {self.pk}"


class Block(BaseModel):
    blocker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocks_made")
    blocked = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocks_received")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("blokkade")
        verbose_name_plural = _("blokkades")
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="matching_block_unique")
        ]

    def __str__(self) -> str:
        return f"{self.blocker_id} ⊘ {self.blocked_id}"


class Notification(BaseModel):
    class Kind(models.TextChoices):
        NEW_MATCH = "new_match", _("Nieuwe match")
        CONTACT_REQUEST = "contact_request", _("Iemand reageert")
        CONTACT_ACCEPTED = "contact_accepted", _("Contact geaccepteerd")
        CONTACT_DECLINED = "contact_declined", _("Contact afgewezen")
        MESSAGE = "message", _("Nieuw bericht")
        OUTCOME_ASKED = "outcome_asked", _("Is het gelukt?")
        EXPIRY_REMINDER = "expiry_reminder", _("Verloopt binnenkort")
        INTRODUCTION = "introduction", _("Voorstel van de sociaal makelaar")
        # Notifications are the platform's, not only matching's: budget proposals use them.
        PROPOSAL_UPDATE = "proposal_update", _("Nieuws over een voorstel")
        INITIATIVE_UPDATE = "initiative_update", _("Nieuws over een initiatief")
        SUPPORT_REQUEST_UPDATE = "request_update", _("Nieuws over een ondersteuningsvraag")
        EXCHANGE_UPDATE = "exchange_update", _("Nieuws over uw uren")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(blank=True, null=True)
    emailed_at = models.DateTimeField(blank=True, null=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("melding in de app")
        verbose_name_plural = _("meldingen in de app")
        indexes = [models.Index(fields=["user", "read_at"]), models.Index(fields=["emailed_at"])]

    def __str__(self) -> str:
        return self.text


class DigestPreference(BaseModel):
    """How often a person wants the e-mail with news; never one mail per event."""

    class Frequency(models.TextChoices):
        NEVER = "never", _("Nooit")
        DAILY = "daily", _("Elke dag")
        WEEKLY = "weekly", _("Eén keer per week")

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="digest_preference")
    frequency = models.CharField(
        _("e-mail met nieuws"), max_length=10, choices=Frequency.choices, default=Frequency.DAILY
    )
    minimum_score = models.FloatField(
        _("alleen matches vanaf"),
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    last_sent_at = models.DateTimeField(blank=True, null=True)

    class Meta:
        ordering = ["user_id"]
        verbose_name = _("e-mailvoorkeur")
        verbose_name_plural = _("e-mailvoorkeuren")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.frequency}"

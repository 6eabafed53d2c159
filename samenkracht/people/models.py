import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenkracht.common.models import BaseModel
from samenkracht.core.names import display_name

municipality_code_validator = RegexValidator(
    r"^GM\d{4}$", _("Een gemeentecode ziet eruit als GM0307.")
)
district_code_validator = RegexValidator(r"^WK\d{6}$", _("Een wijkcode ziet eruit als WK030701."))
neighbourhood_code_validator = RegexValidator(
    r"^BU\d{8}$", _("Een buurtcode ziet eruit als BU03070100.")
)


class Municipality(BaseModel):
    code = models.CharField(
        _("CBS-code"), max_length=6, unique=True, validators=[municipality_code_validator]
    )
    name = models.CharField(_("naam"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self) -> str:
        return self.name


class District(BaseModel):
    """A wijk: a CBS district within a municipality."""

    code = models.CharField(
        _("CBS-code"), max_length=8, unique=True, validators=[district_code_validator]
    )
    name = models.CharField(_("naam"), max_length=150)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="districts"
    )
    latitude = models.FloatField(_("breedtegraad"))
    longitude = models.FloatField(_("lengtegraad"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("wijk")
        verbose_name_plural = _("wijken")

    def __str__(self) -> str:
        return self.name


class Neighbourhood(BaseModel):
    """A buurt: the smallest CBS area, where residents live and meet."""

    code = models.CharField(
        _("CBS-code"), max_length=10, unique=True, validators=[neighbourhood_code_validator]
    )
    name = models.CharField(_("naam"), max_length=150)
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="neighbourhoods")
    latitude = models.FloatField(_("breedtegraad"))
    longitude = models.FloatField(_("lengtegraad"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("buurt")
        verbose_name_plural = _("buurten")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("people:neighbourhood-detail", kwargs={"code": self.code})


class Household(BaseModel):
    """People who live at one address; only the neighbourhood is kept, not the address."""

    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.PROTECT, related_name="households"
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("huishouden")
        verbose_name_plural = _("huishoudens")

    def __str__(self) -> str:
        return f"{_('Huishouden')} {self.pk}"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, username: str, password: str | None = None, **fields: object) -> "User":
        user = self.model(username=username, **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(
        self, username: str, password: str | None = None, **fields: object
    ) -> "User":
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        fields.setdefault("role", User.Role.ADMIN)
        return self.create_user(username, password, **fields)


class Language(models.TextChoices):
    DUTCH = "nl", _("Nederlands")
    ENGLISH = "en", _("Engels")
    GERMAN = "de", _("Duits")
    FRENCH = "fr", _("Frans")
    SPANISH = "es", _("Spaans")
    TURKISH = "tr", _("Turks")
    ARABIC = "ar", _("Arabisch")
    BERBER = "ber", _("Berbers (Tamazight)")
    POLISH = "pl", _("Pools")
    SRANAN = "srn", _("Sranantongo")
    PAPIAMENTO = "pap", _("Papiaments")
    UKRAINIAN = "uk", _("Oekraïens")
    TIGRINYA = "ti", _("Tigrinya")
    FRISIAN = "fy", _("Fries")
    SIGN_LANGUAGE = "ngt", _("Nederlandse Gebarentaal")


class User(AbstractBaseUser, PermissionsMixin):
    """A person on the platform: resident, professional, municipality official or admin."""

    class Role(models.TextChoices):
        RESIDENT = "resident", _("Bewoner")
        PROFESSIONAL = "professional", _("Professional (sociaal makelaar)")
        OFFICIAL = "official", _("Medewerker gemeente")
        ADMIN = "admin", _("Beheerder")

    username = models.CharField(_("gebruikersnaam"), max_length=150, unique=True)
    email = models.EmailField(_("e-mailadres"), blank=True, null=True)
    email_confirmed_at = models.DateTimeField(_("e-mail bevestigd op"), blank=True, null=True)
    first_name = models.CharField(_("voornaam"), max_length=100, blank=True)
    last_name = models.CharField(_("achternaam"), max_length=150, blank=True)
    show_full_name = models.BooleanField(
        _("toon mijn hele naam"),
        default=False,
        help_text=_(
            "Anders zien anderen alleen uw voornaam en de eerste letter van uw achternaam."
        ),
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, default=Role.RESIDENT)
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        verbose_name=_("buurt"),
        on_delete=models.PROTECT,
        related_name="residents",
        blank=True,
        null=True,
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="officials",
        blank=True,
        null=True,
        help_text=_("Voor medewerkers van de gemeente."),
    )
    work_neighbourhoods = models.ManyToManyField(
        Neighbourhood,
        verbose_name=_("werkgebied"),
        related_name="professionals",
        blank=True,
        help_text=_("Voor professionals: de buurten waarin zij werken."),
    )
    household = models.ForeignKey(
        Household, on_delete=models.SET_NULL, related_name="members", blank=True, null=True
    )
    birth_year = models.PositiveSmallIntegerField(
        _("geboortejaar"),
        blank=True,
        null=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    about = models.TextField(
        _("over mij"), max_length=500, blank=True, validators=[MaxLengthValidator(500)]
    )
    photo = models.ImageField(_("foto"), upload_to="photos/", blank=True)
    languages = models.JSONField(_("talen die ik spreek"), default=list, blank=True)
    registered_by = models.ForeignKey(
        "self",
        verbose_name=_("aangemeld door"),
        on_delete=models.SET_NULL,
        related_name="registered_residents",
        blank=True,
        null=True,
    )
    is_active = models.BooleanField(_("actief"), default=True)
    is_staff = models.BooleanField(_("toegang tot beheer"), default=False)
    date_joined = models.DateTimeField(_("lid sinds"), default=timezone.now)
    deleted_at = models.DateTimeField(_("verwijderd op"), blank=True, null=True)

    objects = UserManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["first_name", "last_name", "id"]
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")
        constraints = [
            models.UniqueConstraint(
                fields=["email"], condition=Q(email__isnull=False), name="people_user_email_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.public_name or self.username

    def get_absolute_url(self) -> str:
        return reverse("people:person-detail", kwargs={"pk": self.pk})

    @property
    def public_name(self) -> str:
        return display_name(self.first_name, self.last_name, show_full_name=self.show_full_name)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.first_name


class ConsentKind(models.TextChoices):
    CONTACTABLE = "contactable", _("Anderen mogen contact met mij opnemen")
    NETWORK_ANALYSIS = "network_analysis", _("Ik mag meetellen in de netwerkanalyse van de buurt")
    WELLBEING = "wellbeing", _("Het platform mag mijn antwoorden over mijn welzijn bewaren")


class ConsentRecord(BaseModel):
    """One decision about a consent; the latest record per kind is the current state.

    Records are only added, never changed, so a person can see what they agreed to and when.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consent_records")
    kind = models.CharField(_("toestemming"), max_length=30, choices=ConsentKind.choices)
    is_given = models.BooleanField(_("gegeven"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        indexes = [models.Index(fields=["user", "kind", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {'ja' if self.is_given else 'nee'}"


class ActivationCode(BaseModel):
    """A one-time code printed on a letter for a resident registered by a professional."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="activation_codes")
    code_hash = models.CharField(max_length=128)
    created_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        related_name="issued_activation_codes",
        null=True,
        blank=True,
    )
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(blank=True, null=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("activatiecode")
        verbose_name_plural = _("activatiecodes")

    def __str__(self) -> str:
        return f"{_('Activatiecode')} {self.user_id}"


class ApiToken(BaseModel):
    """A personal API key; only its SHA-256 is stored."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("naam"), max_length=100)
    prefix = models.CharField(max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(blank=True, null=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class Organisation(BaseModel):
    class Kind(models.TextChoices):
        WELFARE = "welfare", _("Welzijnsorganisatie")
        MUNICIPALITY = "municipality", _("Gemeente")
        HOUSING = "housing", _("Woningcorporatie")
        BUSINESS = "business", _("Bedrijf")
        ASSOCIATION = "association", _("Vereniging")
        COOPERATIVE = "cooperative", _("Coöperatie")
        FOUNDATION = "foundation", _("Stichting")

    class Domain(models.TextChoices):
        OIKOS = "oikos", _("Oikos: bewoners en maatschappelijk middenveld")
        OVERHEID = "overheid", _("Overheid: gemeente, welzijn, woningcorporatie")
        ONDERNEMING = "onderneming", _("Onderneming: bedrijven")

    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(_("korte naam in de link"), max_length=220, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    domain = models.CharField(_("domein"), max_length=20, choices=Domain.choices)
    description = models.TextField(
        _("beschrijving"), max_length=2000, blank=True, validators=[MaxLengthValidator(2000)]
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="organisations"
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        verbose_name=_("buurt"),
        on_delete=models.SET_NULL,
        related_name="organisations",
        blank=True,
        null=True,
    )
    members = models.ManyToManyField["User", "Membership"](
        User, through="Membership", related_name="organisations"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("people:organisation-detail", kwargs={"slug": self.slug})


class Membership(BaseModel):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Beheerder")
        STAFF = "staff", _("Medewerker")
        VOLUNTEER = "volunteer", _("Vrijwilliger")
        MEMBER = "member", _("Lid")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        ordering = ["organisation__name", "role", "id"]
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="people_membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.get_role_display()})"


# Which of the three O's an organisation of each kind belongs to unless said otherwise.
DEFAULT_DOMAIN_BY_KIND = {
    Organisation.Kind.WELFARE: Organisation.Domain.OVERHEID,
    Organisation.Kind.MUNICIPALITY: Organisation.Domain.OVERHEID,
    Organisation.Kind.HOUSING: Organisation.Domain.OVERHEID,
    Organisation.Kind.BUSINESS: Organisation.Domain.ONDERNEMING,
    Organisation.Kind.ASSOCIATION: Organisation.Domain.OIKOS,
    Organisation.Kind.COOPERATIVE: Organisation.Domain.OIKOS,
    Organisation.Kind.FOUNDATION: Organisation.Domain.OIKOS,
}

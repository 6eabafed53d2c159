"""Initiatives: what residents start together, with the people, needs and news around them."""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samenkracht.common.models import BaseModel
from samenkracht.people.models import Municipality, Neighbourhood, Organisation, User


class PolicyDomain(BaseModel):
    """A policy domain (beleidsdomein) such as care or greenery; the list is editable."""

    name = models.CharField(_("naam"), max_length=80)
    slug = models.SlugField(_("korte naam"), max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    is_active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("beleidsdomein")
        verbose_name_plural = _("beleidsdomeinen")

    def __str__(self) -> str:
        return self.name


class Phase(models.TextChoices):
    IDEA = "idea", _("Idee")
    STARTING = "starting", _("Opstart")
    RUNNING = "running", _("Loopt")
    FINISHED = "finished", _("Afgerond")
    STOPPED = "stopped", _("Gestopt")


# Phases in which an initiative is over: finished ones keep a timeline, stopped ones are frozen.
CLOSED_PHASES = (Phase.FINISHED, Phase.STOPPED)


class Initiative(BaseModel):
    """A bewonersinitiatief: residents who start something for their neighbourhood."""

    class Form(models.TextChoices):
        INFORMAL = "informal", _("Informele groep")
        ASSOCIATION = "association", _("Vereniging")
        FOUNDATION = "foundation", _("Stichting")
        COOPERATIVE = "cooperative", _("Coöperatie")

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    name = models.CharField(_("naam"), max_length=120)
    goal = models.CharField(_("doel"), max_length=300)
    description = models.TextField(
        _("beschrijving"), max_length=5000, blank=True, validators=[MaxLengthValidator(5000)]
    )
    domains = models.ManyToManyField(
        PolicyDomain, verbose_name=_("beleidsdomeinen"), related_name="initiatives"
    )
    neighbourhoods = models.ManyToManyField(
        Neighbourhood, verbose_name=_("buurten"), related_name="initiatives"
    )
    latitude = models.FloatField(_("breedtegraad"))
    longitude = models.FloatField(_("lengtegraad"))
    phase = models.CharField(_("fase"), max_length=10, choices=Phase.choices, default=Phase.IDEA)
    # The day the current phase began; the full history is in PhaseChange.
    phase_since = models.DateField(_("in deze fase sinds"))
    form = models.CharField(
        _("samenwerkingsvorm"), max_length=12, choices=Form.choices, default=Form.INFORMAL
    )
    # The legal body behind an association, foundation or cooperative, when it is on the platform.
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("rechtspersoon"),
        on_delete=models.SET_NULL,
        related_name="initiatives",
        blank=True,
        null=True,
    )
    photo = models.ImageField(_("foto"), upload_to="initiatives/", blank=True)
    website = models.URLField(_("website"), blank=True)
    created_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        related_name="initiatives_created",
        blank=True,
        null=True,
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("initiatief")
        verbose_name_plural = _("initiatieven")
        indexes = [
            models.Index(fields=["municipality", "phase"]),
            models.Index(fields=["latitude", "longitude"]),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("initiatives:initiative-detail", kwargs={"pk": self.pk})

    @property
    def is_closed(self) -> bool:
        return self.phase in CLOSED_PHASES


class PhaseChange(BaseModel):
    """One step in an initiative's history: the phase it entered and on which day."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="phase_changes"
    )
    phase = models.CharField(_("fase"), max_length=10, choices=Phase.choices)
    date = models.DateField(_("datum"))
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    changed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, related_name="+", blank=True, null=True
    )

    class Meta:
        ordering = ["initiative", "date", "id"]
        verbose_name = _("fasewissel")
        verbose_name_plural = _("fasewissels")

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.get_phase_display()} ({self.date})"


class InitiativeMember(BaseModel):
    """A person involved in an initiative. Leads and members may edit it; volunteers help."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Trekker")
        MEMBER = "member", _("Kernteam")
        VOLUNTEER = "volunteer", _("Vrijwilliger")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="initiative_roles")
    role = models.CharField(_("rol"), max_length=10, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        ordering = ["initiative", "role", "id"]
        verbose_name = _("betrokkene")
        verbose_name_plural = _("betrokkenen")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "user"], name="initiatives_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.initiative_id} ({self.role})"


class Resource(BaseModel):
    """Something an initiative needs, or can offer to others (space, volunteers, …)."""

    class Direction(models.TextChoices):
        NEED = "need", _("Nodig")
        OFFER = "offer", _("Te bieden")

    class Kind(models.TextChoices):
        VOLUNTEERS = "volunteers", _("Vrijwilligers")
        SPACE = "space", _("Ruimte")
        MATERIALS = "materials", _("Materiaal")
        MONEY = "money", _("Geld")
        EXPERTISE = "expertise", _("Kennis en kunde")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="resources")
    direction = models.CharField(
        _("nodig of te bieden"), max_length=5, choices=Direction.choices, default=Direction.NEED
    )
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    description = models.CharField(_("omschrijving"), max_length=300)
    is_fulfilled = models.BooleanField(_("geregeld"), default=False)
    # A need published as an ask (or an offer as an offer) on the asks-and-offers side.
    listing = models.ForeignKey(
        "matching.Listing",
        verbose_name=_("gepubliceerd als"),
        on_delete=models.SET_NULL,
        related_name="initiative_resources",
        blank=True,
        null=True,
    )

    class Meta:
        ordering = ["initiative", "direction", "kind", "id"]
        verbose_name = _("behoefte of aanbod")
        verbose_name_plural = _("behoeften en aanbod")
        indexes = [models.Index(fields=["direction", "kind", "is_fulfilled"])]

    def __str__(self) -> str:
        return f"{self.get_direction_display()}: {self.description}"


class InitiativeUpdate(BaseModel):
    """News on the initiative's timeline, with an optional photo."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        User, on_delete=models.SET_NULL, related_name="initiative_updates", blank=True, null=True
    )
    text = models.TextField(_("bericht"), max_length=3000, validators=[MaxLengthValidator(3000)])
    photo = models.ImageField(_("foto"), upload_to="initiatives/", blank=True)

    class Meta:
        ordering = ["initiative", "-created_at", "-id"]
        verbose_name = _("nieuwsbericht")
        verbose_name_plural = _("nieuwsberichten")

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.text[:40]}"


class InitiativeFollow(BaseModel):
    """A person follows an initiative to hear its news."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="initiative_follows")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("volger")
        verbose_name_plural = _("volgers")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "user"], name="initiatives_follow_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.initiative_id}"

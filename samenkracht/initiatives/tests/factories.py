"""Factories for initiatives, coalitions, support requests and expertise; other tests import these.

An initiative gets one buurt, the first seeded policy domain and a lead unless told otherwise:
`InitiativeFactory(neighbourhoods=[...], domains=[...], lead=user)`; `lead=False` for none,
`history=False` to skip the first PhaseChange..
"""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from samenkracht.initiatives.models import (
    Contribution,
    Department,
    Expertise,
    Initiative,
    InitiativeFollow,
    InitiativeMember,
    InitiativeUpdate,
    Partner,
    PartnerRole,
    Phase,
    PhaseChange,
    PolicyDomain,
    Resource,
    SupportRequest,
    SupportRequestEvent,
)
from samenkracht.people.tests.factories import (
    MunicipalityFactory,
    NeighbourhoodFactory,
    OfficialFactory,
    OrganisationFactory,
    ResidentFactory,
)


class PolicyDomainFactory(DjangoModelFactory):
    """A new policy domain; the twelve seeded ones exist already (`PolicyDomain.objects`)."""

    class Meta:
        model = PolicyDomain
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Domein {n}")
    slug = factory.Sequence(lambda n: f"test-domein-{n}")
    position = 100


def _default_domain() -> PolicyDomain:
    domain = PolicyDomain.objects.filter(is_active=True).order_by("position", "pk").first()
    return domain or PolicyDomainFactory()


class InitiativeFactory(DjangoModelFactory):
    """An initiative in the idea phase in one buurt, with a lead (pass `lead=False` for none)."""

    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Moestuin De Groene Hoek {n}")
    goal = "Samen groente kweken en elkaar leren kennen."
    description = "Een moestuin op het veldje achter de school, voor en door de buurt."
    latitude = 52.157
    longitude = 5.39
    phase = Phase.IDEA
    phase_since = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    form = Initiative.Form.INFORMAL

    @factory.post_generation
    def neighbourhoods(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            extracted = [NeighbourhoodFactory(district__municipality=self.municipality)]
        self.neighbourhoods.set(extracted)

    @factory.post_generation
    def domains(self, create, extracted, **kwargs):
        if not create:
            return
        self.domains.set(extracted if extracted is not None else [_default_domain()])

    @factory.post_generation
    def history(self, create, extracted, **kwargs):
        """The first PhaseChange, as `initiative_create` writes it."""
        if create and extracted is not False:
            PhaseChange.objects.create(initiative=self, phase=self.phase, date=self.phase_since)

    @factory.post_generation
    def lead(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        user = extracted or ResidentFactory(neighbourhood=self.neighbourhoods.first())
        InitiativeMember.objects.create(initiative=self, user=user, role=InitiativeMember.Role.LEAD)
        if self.created_by_id is None:
            self.created_by = user
            self.save(update_fields=["created_by", "updated_at"])


class PhaseChangeFactory(DjangoModelFactory):
    class Meta:
        model = PhaseChange

    initiative = factory.SubFactory(InitiativeFactory)
    phase = Phase.STARTING
    date = factory.LazyFunction(timezone.localdate)


class InitiativeMemberFactory(DjangoModelFactory):
    class Meta:
        model = InitiativeMember

    initiative = factory.SubFactory(InitiativeFactory)
    user = factory.SubFactory(ResidentFactory)
    role = InitiativeMember.Role.MEMBER


class ResourceFactory(DjangoModelFactory):
    class Meta:
        model = Resource

    initiative = factory.SubFactory(InitiativeFactory)
    direction = Resource.Direction.NEED
    kind = Resource.Kind.VOLUNTEERS
    description = factory.Sequence(lambda n: f"Drie mensen die op zaterdag willen spitten ({n})")


class InitiativeUpdateFactory(DjangoModelFactory):
    class Meta:
        model = InitiativeUpdate

    initiative = factory.SubFactory(InitiativeFactory)
    author = factory.LazyAttribute(
        lambda o: (
            o.initiative.members.filter(role=InitiativeMember.Role.LEAD).first().user
            if o.initiative.members.filter(role=InitiativeMember.Role.LEAD).exists()
            else None
        )
    )
    text = "De eerste tomaten zijn geoogst. Iedereen is welkom om te proeven!"


class InitiativeFollowFactory(DjangoModelFactory):
    class Meta:
        model = InitiativeFollow

    initiative = factory.SubFactory(InitiativeFactory)
    user = factory.SubFactory(ResidentFactory)


class PartnerFactory(DjangoModelFactory):
    """An organisation as partner; pass `organisation=None, person=user` for a resident."""

    class Meta:
        model = Partner

    initiative = factory.SubFactory(InitiativeFactory)
    organisation = factory.SubFactory(
        OrganisationFactory, municipality=factory.SelfAttribute("..initiative.municipality")
    )
    person = None


class PartnerRoleFactory(DjangoModelFactory):
    class Meta:
        model = PartnerRole

    partner = factory.SubFactory(PartnerFactory)
    role = PartnerRole.Role.HOST
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))
    ends_on = None


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ["municipality", "name"]

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Afdeling Samenleving {n}")
    email = "samenleving@example.org"


class SupportRequestFactory(DjangoModelFactory):
    """A subsidy request, just received, sent by the initiative's lead."""

    class Meta:
        model = SupportRequest

    initiative = factory.SubFactory(InitiativeFactory)
    kind = SupportRequest.Kind.SUBSIDY
    title = factory.Sequence(lambda n: f"Subsidie voor zaden en gereedschap {n}")
    text = "Wij vragen een bijdrage voor zaden, gereedschap en een regenton."
    amount = None
    department = factory.SubFactory(
        DepartmentFactory, municipality=factory.SelfAttribute("..initiative.municipality")
    )
    status = SupportRequest.Status.RECEIVED
    received_at = factory.LazyFunction(timezone.now)
    requested_by = factory.LazyAttribute(
        lambda o: (
            o.initiative.members.filter(role=InitiativeMember.Role.LEAD).first().user
            if o.initiative.members.filter(role=InitiativeMember.Role.LEAD).exists()
            else None
        )
    )


class SupportRequestEventFactory(DjangoModelFactory):
    class Meta:
        model = SupportRequestEvent

    request = factory.SubFactory(SupportRequestFactory)
    status = factory.LazyAttribute(lambda o: o.request.status)
    text = ""
    author = factory.LazyAttribute(lambda o: o.request.requested_by)


class ExpertiseFactory(DjangoModelFactory):
    """A resident recognised as wijkspecialist on the first seeded domain in their own buurt."""

    class Meta:
        model = Expertise

    user = factory.SubFactory(ResidentFactory)
    domain = factory.LazyFunction(_default_domain)
    neighbourhood = factory.LazyAttribute(lambda o: o.user.neighbourhood or NeighbourhoodFactory())
    motivation = "Woont al twintig jaar in de buurt en kent iedereen."
    recognised_by = factory.SubFactory(OfficialFactory)
    is_active = True


def expertise_for(initiative: Initiative, **kwargs) -> Expertise:
    """A wijkspecialist whose domain and buurt fit `initiative`."""
    neighbourhood = initiative.neighbourhoods.order_by("pk").first()
    kwargs.setdefault("domain", initiative.domains.order_by("pk").first())
    kwargs.setdefault("neighbourhood", neighbourhood)
    kwargs.setdefault("user", ResidentFactory(neighbourhood=neighbourhood))
    return ExpertiseFactory(**kwargs)


class ContributionFactory(DjangoModelFactory):
    class Meta:
        model = Contribution

    initiative = factory.SubFactory(InitiativeFactory)
    expertise = factory.LazyAttribute(lambda o: expertise_for(o.initiative))
    request = None
    text = "Vraag de woningcorporatie om het veldje; zij hebben dat eerder goedgekeurd."

"""Factories for people, neighbourhoods and organisations; other apps' tests import these."""

import factory
from factory.django import DjangoModelFactory

from samenkracht.people.models import (
    District,
    Membership,
    Municipality,
    Neighbourhood,
    Organisation,
    User,
)

PASSWORD = "Buurt-Samen-2026!"


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ["code"]

    code = "GM0307"
    name = "Amersfoort"


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = District

    municipality = factory.SubFactory(MunicipalityFactory)
    code = factory.Sequence(lambda n: f"WK0307{n % 100:02d}")
    name = factory.Sequence(lambda n: f"Wijk {n:02d}")
    latitude = 52.156
    longitude = 5.389


class NeighbourhoodFactory(DjangoModelFactory):
    class Meta:
        model = Neighbourhood

    district = factory.SubFactory(DistrictFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"BU{o.district.code[2:]}{n % 100:02d}")
    name = factory.Sequence(lambda n: f"Buurt {n}")
    latitude = 52.157
    longitude = 5.39


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"persoon{n}")
    email = factory.Sequence(lambda n: f"persoon{n}@example.org")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    role = User.Role.RESIDENT
    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    password = factory.django.Password(PASSWORD)


class ResidentFactory(UserFactory):
    pass


class ProfessionalFactory(UserFactory):
    role = User.Role.PROFESSIONAL
    neighbourhood = None

    @factory.post_generation
    def work_neighbourhoods(self, create, extracted, **kwargs):
        if create and extracted:
            self.work_neighbourhoods.set(extracted)


class OfficialFactory(UserFactory):
    role = User.Role.OFFICIAL
    neighbourhood = None
    municipality = factory.SubFactory(MunicipalityFactory)


class AdminFactory(UserFactory):
    role = User.Role.ADMIN
    neighbourhood = None
    is_staff = True
    is_superuser = True


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Buurthuis De Kern {n}")
    slug = factory.Sequence(lambda n: f"buurthuis-de-kern-{n}")
    kind = Organisation.Kind.ASSOCIATION
    domain = Organisation.Domain.OIKOS
    municipality = factory.SubFactory(MunicipalityFactory)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.MEMBER


ROLES = ["anonymous", "resident", "professional", "official", "admin"]


def person_for_role(role: str, **kwargs):
    """Return a saved person with `role` ("resident", "admin", ...), or None for "anonymous"."""
    factories = {
        "resident": ResidentFactory,
        "professional": ProfessionalFactory,
        "official": OfficialFactory,
        "admin": AdminFactory,
    }
    if role == "anonymous":
        return None
    return factories[role](**kwargs)

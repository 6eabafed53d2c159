"""Factories for asks, offers and contacts; other apps' tests import these."""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from samenkracht.matching.models import Category, Contact, Listing, Message
from samenkracht.people.tests.factories import ResidentFactory


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Klussen {n}")
    slug = factory.Sequence(lambda n: f"test-klussen-{n}")
    synonyms = "klus, klusjes, repareren"
    position = 0
    is_active = True


class ListingFactory(DjangoModelFactory):
    class Meta:
        model = Listing

    kind = Listing.Kind.ASK
    owner = factory.SubFactory(ResidentFactory)
    title = factory.Sequence(lambda n: f"Hulp bij de tuin {n}")
    description = "Ik zoek iemand die een middag in de tuin kan helpen met snoeien."
    category = factory.SubFactory(CategoryFactory)
    neighbourhood = factory.LazyAttribute(lambda o: o.owner.neighbourhood)
    latitude = factory.LazyAttribute(lambda o: o.neighbourhood.latitude)
    longitude = factory.LazyAttribute(lambda o: o.neighbourhood.longitude)
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=60))

    class Params:
        offer = factory.Trait(
            kind=Listing.Kind.OFFER,
            title=factory.Sequence(lambda n: f"Ik help graag in de tuin {n}"),
            description="Ik heb tijd en snoeigereedschap en help graag een middag in de tuin.",
        )


class OfferFactory(ListingFactory):
    offer = True


class ContactFactory(DjangoModelFactory):
    """A pending contact started by the owner of the offer."""

    class Meta:
        model = Contact

    offer = factory.SubFactory(OfferFactory)
    ask = factory.SubFactory(
        ListingFactory,
        category=factory.SelfAttribute("..offer.category"),
        owner=factory.SubFactory(
            ResidentFactory, neighbourhood=factory.SelfAttribute("...offer.neighbourhood")
        ),
    )
    initiator = factory.LazyAttribute(lambda o: o.offer.owner)
    recipient = factory.LazyAttribute(lambda o: o.ask.owner)
    status = Contact.Status.PENDING
    score = 0.8
    explanation = factory.LazyFunction(lambda: [{"code": "category", "text": "zelfde categorie"}])

    class Params:
        accepted = factory.Trait(
            status=Contact.Status.ACCEPTED, decided_at=factory.LazyFunction(timezone.now)
        )


class MessageFactory(DjangoModelFactory):
    class Meta:
        model = Message

    contact = factory.SubFactory(ContactFactory)
    sender = factory.LazyAttribute(lambda o: o.contact.initiator)
    body = "Hallo! Ik help u graag. Wanneer komt het u uit?"

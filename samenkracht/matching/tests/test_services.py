"""Every write about asks, offers, contacts and notifications, including bad input."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from samenkracht.common.errors import ApplicationError
from samenkracht.matching import services
from samenkracht.matching.models import (
    Block,
    Contact,
    DigestPreference,
    Listing,
    Message,
    Notification,
    Outcome,
    Report,
)
from samenkracht.matching.tests.factories import (
    CategoryFactory,
    ContactFactory,
    ListingFactory,
    MessageFactory,
    OfferFactory,
)
from samenkracht.people.tests.factories import (
    AdminFactory,
    MembershipFactory,
    NeighbourhoodFactory,
    OrganisationFactory,
    ProfessionalFactory,
    ResidentFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 10, 30, tzinfo=UTC)
LONG_AGO = NOW - timedelta(days=365)


def _resident(**kwargs):
    return ResidentFactory(date_joined=LONG_AGO, **kwargs)


def _create(owner, **overrides):
    values = {
        "owner": owner,
        "kind": Listing.Kind.ASK,
        "title": "Hulp bij boodschappen",
        "description": "Wie kan op dinsdag boodschappen voor mij doen?",
        "category": CategoryFactory(),
        "now": NOW,
    }
    values.update(overrides)
    return services.listing_create(**values)


def _errors(excinfo):
    return excinfo.value.message_dict


# --- listing_create --------------------------------------------------------------------------


def test_listing_create_stores_the_ask_at_the_owners_neighbourhood():
    # given
    owner = _resident()
    category = CategoryFactory()
    # when
    listing = services.listing_create(
        owner=owner,
        kind=Listing.Kind.ASK,
        title="  Hulp bij boodschappen  ",
        description="Wie kan op dinsdag boodschappen voor mij doen?",
        category=category,
        availability=0b11,
        expires_in_days=30,
        now=NOW,
    )
    # then
    listing.refresh_from_db()
    assert listing.title == "Hulp bij boodschappen"
    assert listing.status == Listing.Status.OPEN
    assert listing.neighbourhood_id == owner.neighbourhood_id
    assert (listing.latitude, listing.longitude) == (
        owner.neighbourhood.latitude,
        owner.neighbourhood.longitude,
    )
    assert listing.expires_at == NOW + timedelta(days=30)
    assert listing.availability == 0b11
    assert listing.created_by is None


def test_listing_create_refuses_markup_and_stores_nothing():
    # given
    owner = _resident()
    # when
    with pytest.raises(ValidationError) as error:
        _create(owner, title="<b>Fiets</b> repareren", description="<script>x()</script> a")
    # then
    message = "Gebruik geen HTML-code of scripts. Schrijf gewone tekst."
    assert error.value.message_dict == {"title": [message], "description": [message]}
    assert Listing.objects.exists() is False


def test_listing_create_refuses_a_nul_character():
    owner = _resident()
    with pytest.raises(ValidationError) as error:
        _create(owner, title="Fiets\x00 repareren")
    assert error.value.message_dict == {
        "title": ["Deze tekst bevat tekens die niet kunnen worden opgeslagen."]
    }
    assert Listing.objects.exists() is False


def test_listing_create_only_in_the_owners_own_neighbourhood():
    # given
    owner = _resident()
    elsewhere = NeighbourhoodFactory()
    # when
    with pytest.raises(ValidationError) as error:
        _create(owner, neighbourhood=elsewhere)
    # then
    assert list(error.value.message_dict) == ["neighbourhood"]
    assert Listing.objects.exists() is False


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "Vul de titel in, in gewone woorden."),
        ({"title": "   "}, "title", "Vul de titel in, in gewone woorden."),
        ({"title": "<p><br></p>"}, "title", "Vul de titel in, in gewone woorden."),
        ({"title": "ab"}, "title", "De titel is te kort: gebruik minstens 3 tekens."),
        (
            {"title": "x" * 121},
            "title",
            "De titel is te lang: gebruik hoogstens 120 tekens (nu 121).",
        ),
        (
            {"description": "y" * 2001},
            "description",
            "De beschrijving is te lang: gebruik hoogstens 2000 tekens (nu 2001).",
        ),
        (
            {"description": "<div> </div>"},
            "description",
            "Vul de beschrijving in, in gewone woorden.",
        ),
        ({"radius_km": 0}, "radius_km", "Kies een afstand tussen 0,1 en 50 km."),
        ({"radius_km": 10000}, "radius_km", "Kies een afstand tussen 0,1 en 50 km."),
        ({"radius_km": float("nan")}, "radius_km", "Kies een afstand tussen 0,1 en 50 km."),
        (
            {"expires_in_days": -5},
            "expires_in_days",
            "Kies hoe lang het blijft staan: 14, 30, 60 of 90 dagen.",
        ),
        (
            {"expires_in_days": 45},
            "expires_in_days",
            "Kies hoe lang het blijft staan: 14, 30, 60 of 90 dagen.",
        ),
        ({"kind": "gift"}, "kind", "Kies vraag of aanbod."),
        ({"place": "moon"}, "place", "Kies waar het kan."),
        ({"availability": 1 << 21}, "availability", "Kies de dagen en dagdelen opnieuw."),
        (
            {"resource": "money"},
            "resource",
            "Geld, materialen of ruimte vragen of bieden kan alleen namens een organisatie.",
        ),
    ],
)
def test_listing_create_refuses_bad_input_and_stores_nothing(overrides, field, message):
    # given
    owner = _resident()
    # when
    with pytest.raises(ValidationError) as excinfo:
        _create(owner, **overrides)
    # then
    assert _errors(excinfo)[field] == [message]
    assert Listing.objects.exists() is False


def test_listing_create_reports_every_mistake_at_once():
    # given
    owner = _resident()
    # when
    with pytest.raises(ValidationError) as excinfo:
        _create(owner, title="", radius_km=0, expires_in_days=1)
    # then
    assert sorted(_errors(excinfo)) == ["expires_in_days", "radius_km", "title"]


@pytest.mark.parametrize("inactive", ["self", "parent"])
def test_listing_create_refuses_a_category_no_longer_in_use(inactive):
    # given
    owner = _resident()
    parent = CategoryFactory(is_active=inactive != "parent")
    category = CategoryFactory(parent=parent, is_active=inactive != "self")
    # when
    with pytest.raises(ValidationError) as excinfo:
        _create(owner, category=category)
    # then
    assert _errors(excinfo) == {
        "category": ["Deze categorie is niet (meer) in gebruik. Kies een andere."]
    }
    assert Listing.objects.exists() is False


def test_listing_create_needs_a_neighbourhood():
    # given
    owner = _resident(neighbourhood=None)
    # when
    with pytest.raises(ValidationError) as excinfo:
        _create(owner)
    # then
    assert _errors(excinfo) == {"neighbourhood": ["Kies de buurt waar het om gaat."]}
    assert Listing.objects.exists() is False


def test_listing_create_for_an_organisation_needs_membership():
    # given
    owner = _resident()
    organisation = OrganisationFactory()
    # when
    with pytest.raises(ValidationError) as excinfo:
        _create(owner, kind=Listing.Kind.OFFER, organisation=organisation, resource="space")
    # then
    assert _errors(excinfo) == {
        "organisation": ["U kunt alleen plaatsen namens een organisatie waar u lid van bent."]
    }
    assert Listing.objects.exists() is False


def test_listing_create_for_an_organisation_may_offer_space():
    # given
    membership = MembershipFactory(user=_resident())
    # when
    listing = _create(
        membership.user,
        kind=Listing.Kind.OFFER,
        organisation=membership.organisation,
        resource=Listing.Resource.SPACE,
    )
    # then
    assert (listing.organisation, listing.resource) == (membership.organisation, "space")


def test_listing_create_on_behalf_by_the_professional_of_the_neighbourhood():
    # given
    resident = _resident()
    professional = ProfessionalFactory(work_neighbourhoods=[resident.neighbourhood])
    # when
    listing = _create(resident, created_by=professional)
    # then
    assert (listing.owner, listing.created_by) == (resident, professional)


def test_listing_create_on_behalf_outside_the_work_area_is_refused():
    # given
    resident = _resident()
    professional = ProfessionalFactory(work_neighbourhoods=[NeighbourhoodFactory()])
    # when
    with pytest.raises(PermissionDenied):
        _create(resident, created_by=professional)
    # then
    assert Listing.objects.exists() is False


def test_listing_create_refuses_an_inactive_owner():
    # given
    owner = _resident(is_active=False)
    # when
    with pytest.raises(ApplicationError):
        _create(owner)
    # then
    assert Listing.objects.exists() is False


# --- listing_update, withdraw, done, expire ----------------------------------------------------


def test_listing_update_changes_only_the_given_fields_and_restarts_the_expiry():
    # given
    listing = ListingFactory(reminder_sent_at=NOW)
    other = NeighbourhoodFactory(latitude=52.2, longitude=5.4)
    listing.owner.neighbourhood = other  # the owner moved house
    listing.owner.save(update_fields=["neighbourhood"])
    # when
    services.listing_update(
        listing=listing,
        actor=listing.owner,
        now=NOW,
        title="Nieuwe titel",
        neighbourhood=other,
        expires_in_days=14,
    )
    # then
    listing.refresh_from_db()
    assert listing.title == "Nieuwe titel"
    assert (listing.neighbourhood, listing.latitude, listing.longitude) == (other, 52.2, 5.4)
    assert listing.expires_at == NOW + timedelta(days=14)
    assert listing.reminder_sent_at is None


def test_listing_update_by_someone_else_is_refused_and_changes_nothing():
    # given
    listing = ListingFactory(title="Oude titel")
    # when
    with pytest.raises(PermissionDenied):
        services.listing_update(listing=listing, actor=_resident(), title="Gekaapt")
    # then
    listing.refresh_from_db()
    assert listing.title == "Oude titel"


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"title": "<i></i>"}, "title"), ({"radius_km": 10000}, "radius_km")],
)
def test_listing_update_refuses_bad_input_and_changes_nothing(changes, field):
    # given
    listing = ListingFactory(title="Oude titel", radius_km=2.0)
    # when
    with pytest.raises(ValidationError) as excinfo:
        services.listing_update(listing=listing, actor=listing.owner, **changes)
    # then
    assert list(_errors(excinfo)) == [field]
    listing.refresh_from_db()
    assert (listing.title, listing.radius_km) == ("Oude titel", 2.0)


def test_listing_update_refuses_unknown_fields():
    # given
    listing = ListingFactory()
    # when
    with pytest.raises(ApplicationError) as excinfo:
        services.listing_update(listing=listing, actor=listing.owner, status="matched")
    # then
    assert excinfo.value.message == "Deze velden kunnen niet worden gewijzigd: status"
    listing.refresh_from_db()
    assert listing.status == Listing.Status.OPEN


def test_listing_withdraw_closes_it_and_withdraws_waiting_contacts():
    # given
    contact = ContactFactory()
    Listing.objects.filter(pk__in=[contact.ask_id, contact.offer_id]).update(
        status=Listing.Status.IN_CONTACT
    )
    # when
    services.listing_withdraw(listing=contact.ask, actor=contact.ask.owner, now=NOW)
    # then
    contact.refresh_from_db()
    contact.ask.refresh_from_db()
    contact.offer.refresh_from_db()
    assert (contact.ask.status, contact.ask.closed_at) == (Listing.Status.WITHDRAWN, NOW)
    assert (contact.status, contact.decided_at) == (Contact.Status.WITHDRAWN, NOW)
    assert contact.offer.status == Listing.Status.OPEN


def test_listing_withdraw_twice_is_refused():
    # given
    listing = ListingFactory(status=Listing.Status.WITHDRAWN)
    # when
    with pytest.raises(ApplicationError) as excinfo:
        services.listing_withdraw(listing=listing, actor=listing.owner)
    # then
    assert excinfo.value.message == "Dit is al afgesloten."


def test_listing_mark_done_after_a_match():
    # given
    listing = ListingFactory(status=Listing.Status.MATCHED)
    # when
    services.listing_mark_done(listing=listing, actor=listing.owner, now=NOW)
    # then
    listing.refresh_from_db()
    assert (listing.status, listing.closed_at) == (Listing.Status.DONE, NOW)


def test_listings_expire_expires_overdue_and_reminds_a_week_before():
    # given
    overdue = ListingFactory(expires_at=NOW - timedelta(minutes=1))
    soon = ListingFactory(expires_at=NOW + timedelta(days=3))
    later = ListingFactory(expires_at=NOW + timedelta(days=30))
    reminded = ListingFactory(expires_at=NOW + timedelta(days=2), reminder_sent_at=NOW)
    # when
    counts = services.listings_expire(now=NOW)
    # then
    assert counts == {"expired": 1, "reminded": 1}
    overdue.refresh_from_db()
    soon.refresh_from_db()
    assert (overdue.status, overdue.closed_at) == (Listing.Status.EXPIRED, NOW)
    assert soon.reminder_sent_at == NOW
    notification = Notification.objects.get()
    assert (notification.user, notification.kind) == (soon.owner, "expiry_reminder")
    assert notification.text == (
        f"Uw vraag “{soon.title}” verloopt over 3 dagen. Wilt u het langer laten staan?"
    )
    assert notification.url == f"/vragen-en-aanbod/{soon.pk}/"
    assert Notification.objects.filter(user__in=[later.owner, reminded.owner]).exists() is False


def test_listings_expire_twice_reminds_once():
    # given
    ListingFactory(expires_at=NOW + timedelta(days=3))
    # when
    services.listings_expire(now=NOW)
    second = services.listings_expire(now=NOW + timedelta(hours=1))
    # then
    assert second == {"expired": 0, "reminded": 0}
    assert Notification.objects.count() == 1


# --- contact_request -------------------------------------------------------------------------


def _pair(**ask_kwargs):
    category = CategoryFactory()
    offer = OfferFactory(owner=_resident(), category=category)
    ask = ListingFactory(
        owner=_resident(neighbourhood=offer.neighbourhood), category=category, **ask_kwargs
    )
    return ask, offer


def test_contact_request_starts_a_contact_with_the_first_message():
    # given
    ask, offer = _pair()
    # when
    contact = services.contact_request(
        initiator=offer.owner, ask=ask, offer=offer, message="Ik help graag!", now=NOW
    )
    # then
    assert (contact.initiator, contact.recipient) == (offer.owner, ask.owner)
    assert contact.status == Contact.Status.PENDING
    assert 0 < contact.score <= 1
    assert {
        "code": "category",
        "text": "zelfde categorie",
        "params": {"same": True},
        "weight": 0.2,
    } in contact.explanation
    assert list(contact.messages.values_list("sender", "body")) == [
        (offer.owner.pk, "Ik help graag!")
    ]
    ask.refresh_from_db()
    offer.refresh_from_db()
    assert (ask.status, offer.status) == (Listing.Status.IN_CONTACT, Listing.Status.IN_CONTACT)
    notification = Notification.objects.get()
    assert (notification.user, notification.kind) == (ask.owner, "contact_request")
    assert notification.text == f"{offer.owner.public_name} reageert op “{ask.title}”."
    assert notification.url == f"/contacten/{contact.pk}/"


def _refused(initiator, ask, offer, message="Hallo", error=ApplicationError):
    with pytest.raises(error) as excinfo:
        services.contact_request(
            initiator=initiator, ask=ask, offer=offer, message=message, now=NOW
        )
    assert Contact.objects.exists() is False
    assert Message.objects.exists() is False
    assert Notification.objects.exists() is False
    return excinfo.value


def test_contact_request_on_own_listings_is_refused():
    # given
    owner = _resident()
    ask = ListingFactory(owner=owner)
    offer = OfferFactory(owner=owner, category=ask.category)
    # when
    error = _refused(owner, ask, offer)
    # then
    assert error.message == "De vraag en het aanbod zijn van dezelfde persoon."


def test_contact_request_by_an_outsider_is_refused():
    # given
    ask, offer = _pair()
    # when / then
    _refused(_resident(), ask, offer, error=PermissionDenied)


@pytest.mark.parametrize("status", [Listing.Status.MATCHED, Listing.Status.WITHDRAWN, "expired"])
def test_contact_request_on_a_closed_listing_is_refused(status):
    # given
    ask, offer = _pair(status=status)
    # when
    error = _refused(offer.owner, ask, offer)
    # then
    assert error.message == "Deze vraag of dit aanbod is afgesloten."


@pytest.mark.parametrize("direction", ["initiator_blocked", "recipient_blocked"])
def test_contact_request_when_blocked_either_way_is_refused(direction):
    # given
    ask, offer = _pair()
    pair = (
        (offer.owner, ask.owner) if direction == "initiator_blocked" else (ask.owner, offer.owner)
    )
    Block.objects.create(blocker=pair[0], blocked=pair[1])
    # when
    error = _refused(offer.owner, ask, offer)
    # then
    assert error.message == "Contact met deze persoon is niet mogelijk."


def test_contact_request_twice_is_refused():
    # given
    ask, offer = _pair()
    services.contact_request(initiator=offer.owner, ask=ask, offer=offer, message="Hoi", now=NOW)
    # when
    with pytest.raises(ApplicationError) as excinfo:
        services.contact_request(initiator=ask.owner, ask=ask, offer=offer, message="Hoi", now=NOW)
    # then
    assert excinfo.value.message == "Over deze vraag en dit aanbod is al contact."
    assert Contact.objects.count() == 1


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("", "Vul een bericht in, in gewone woorden."),
        ("<p></p>", "Vul een bericht in, in gewone woorden."),
        ("z" * 2001, "Een bericht is te lang: gebruik hoogstens 2000 tekens (nu 2001)."),
    ],
)
def test_contact_request_needs_a_real_message(message, expected):
    # given
    ask, offer = _pair()
    # when
    error = _refused(offer.owner, ask, offer, message=message, error=ValidationError)
    # then
    assert error.message_dict == {"body": [expected]}
    ask.refresh_from_db()
    assert ask.status == Listing.Status.OPEN


def test_contact_request_by_a_new_account_stops_after_five_a_day():
    # given
    newcomer = ResidentFactory(date_joined=NOW - timedelta(days=3))
    category = CategoryFactory()
    offer = OfferFactory(owner=newcomer, category=category)
    asks = ListingFactory.create_batch(6, category=category)
    for ask in asks[:5]:
        services.contact_request(initiator=newcomer, ask=ask, offer=offer, message="Hoi", now=NOW)
    # when
    with pytest.raises(ApplicationError) as excinfo:
        services.contact_request(
            initiator=newcomer, ask=asks[5], offer=offer, message="Hoi", now=NOW
        )
    # then
    assert excinfo.value.message == (
        "U heeft vandaag al 5 keer gereageerd. In de eerste twee weken kan dat 5 keer per dag. "
        "Morgen kan het weer."
    )
    assert Contact.objects.count() == 5


def test_contact_request_by_an_established_account_has_no_daily_limit():
    # given
    veteran = _resident()
    category = CategoryFactory()
    offer = OfferFactory(owner=veteran, category=category)
    asks = ListingFactory.create_batch(6, category=category)
    # when
    for ask in asks:
        services.contact_request(initiator=veteran, ask=ask, offer=offer, message="Hoi", now=NOW)
    # then
    assert Contact.objects.count() == 6


# --- contact_introduce, accept, decline ------------------------------------------------------


def test_contact_introduce_asks_both_sides_the_asking_side_first():
    # given
    ask, offer = _pair()
    professional = ProfessionalFactory(work_neighbourhoods=[ask.neighbourhood])
    # when
    contact = services.contact_introduce(
        professional=professional, ask=ask, offer=offer, note="Jullie wonen om de hoek.", now=NOW
    )
    # then
    assert (contact.initiator, contact.recipient, contact.introduced_by) == (
        ask.owner,
        offer.owner,
        professional,
    )
    assert (contact.status, contact.is_initiator_accepted) == (Contact.Status.PENDING, False)
    assert list(contact.messages.values_list("sender", "body")) == [
        (professional.pk, "Jullie wonen om de hoek.")
    ]
    assert sorted(Notification.objects.values_list("user", "kind")) == sorted(
        [(ask.owner.pk, "introduction"), (offer.owner.pk, "introduction")]
    )
    with pytest.raises(ApplicationError) as excinfo:
        services.contact_accept(contact=contact, actor=offer.owner)
    assert excinfo.value.message == "Eerst kijkt de ander of het voorstel past."


def test_contact_introduce_then_both_accept():
    # given
    ask, offer = _pair()
    professional = ProfessionalFactory(work_neighbourhoods=[ask.neighbourhood])
    contact = services.contact_introduce(
        professional=professional, ask=ask, offer=offer, note="Tip"
    )
    # when
    services.contact_accept(contact=contact, actor=ask.owner, now=NOW)
    contact.refresh_from_db()
    assert (contact.status, contact.is_initiator_accepted) == (Contact.Status.PENDING, True)
    services.contact_accept(contact=contact, actor=offer.owner, now=NOW)
    # then
    contact.refresh_from_db()
    assert (contact.status, contact.decided_at) == (Contact.Status.ACCEPTED, NOW)


def test_contact_introduce_outside_the_work_area_is_refused():
    # given
    ask, offer = _pair()
    professional = ProfessionalFactory(work_neighbourhoods=[NeighbourhoodFactory()])
    # when
    with pytest.raises(PermissionDenied):
        services.contact_introduce(professional=professional, ask=ask, offer=offer, note="Tip")
    # then
    assert Contact.objects.exists() is False


def test_contact_accept_by_the_recipient_notifies_the_initiator():
    # given
    contact = ContactFactory()
    # when
    services.contact_accept(contact=contact, actor=contact.recipient, now=NOW)
    # then
    contact.refresh_from_db()
    assert (contact.status, contact.decided_at) == (Contact.Status.ACCEPTED, NOW)
    notification = Notification.objects.get()
    assert (notification.user, notification.kind) == (contact.initiator, "contact_accepted")


@pytest.mark.parametrize("who", ["initiator", "outsider"])
def test_contact_accept_by_anyone_but_the_recipient_is_refused(who):
    # given
    contact = ContactFactory()
    actor = contact.initiator if who == "initiator" else _resident()
    error = ApplicationError if who == "initiator" else PermissionDenied
    # when
    with pytest.raises(error):
        services.contact_accept(contact=contact, actor=actor)
    # then
    contact.refresh_from_db()
    assert contact.status == Contact.Status.PENDING


def test_contact_decline_reopens_both_listings():
    # given
    contact = ContactFactory()
    Listing.objects.filter(pk__in=[contact.ask_id, contact.offer_id]).update(
        status=Listing.Status.IN_CONTACT
    )
    # when
    services.contact_decline(contact=contact, actor=contact.recipient, now=NOW)
    # then
    contact.refresh_from_db()
    contact.ask.refresh_from_db()
    contact.offer.refresh_from_db()
    assert contact.status == Contact.Status.DECLINED
    assert (contact.ask.status, contact.offer.status) == ("open", "open")
    assert Notification.objects.get().kind == "contact_declined"


def test_contact_decline_of_an_answered_contact_is_refused():
    # given
    contact = ContactFactory(accepted=True)
    # when
    with pytest.raises(ApplicationError) as excinfo:
        services.contact_decline(contact=contact, actor=contact.recipient)
    # then
    assert excinfo.value.message == "Op dit contact is al geantwoord."
    contact.refresh_from_db()
    assert contact.status == Contact.Status.ACCEPTED


# --- message_send ----------------------------------------------------------------------------


def test_message_send_in_an_accepted_contact_notifies_once_per_conversation():
    # given
    contact = ContactFactory(accepted=True)
    # when
    services.message_send(contact=contact, sender=contact.recipient, body="Dinsdag?", now=NOW)
    services.message_send(contact=contact, sender=contact.recipient, body="Of woensdag?", now=NOW)
    # then
    assert list(contact.messages.values_list("body", flat=True)) == ["Dinsdag?", "Of woensdag?"]
    notification = Notification.objects.get()
    assert (notification.user, notification.kind) == (contact.initiator, "message")


def test_message_send_before_acceptance_is_refused():
    # given
    contact = ContactFactory()
    # when
    with pytest.raises(ApplicationError) as excinfo:
        services.message_send(contact=contact, sender=contact.initiator, body="Nog iets")
    # then
    assert excinfo.value.message == "U kunt berichten sturen zodra de ander het contact accepteert."
    assert Message.objects.exists() is False


def test_message_send_by_an_outsider_is_refused():
    # given
    contact = ContactFactory(accepted=True)
    # when
    with pytest.raises(PermissionDenied):
        services.message_send(contact=contact, sender=AdminFactory(), body="Meelezen")
    # then
    assert Message.objects.exists() is False


def test_message_send_after_a_block_is_refused():
    # given
    contact = ContactFactory(accepted=True)
    Block.objects.create(blocker=contact.recipient, blocked=contact.initiator)
    # when
    with pytest.raises(ApplicationError):
        services.message_send(contact=contact, sender=contact.initiator, body="Hallo?")
    # then
    assert Message.objects.exists() is False


@pytest.mark.parametrize("body", ["", "   ", "<b></b>", "m" * 2001])
def test_message_send_refuses_empty_or_oversized_text(body):
    # given
    contact = ContactFactory(accepted=True)
    # when
    with pytest.raises(ValidationError):
        services.message_send(contact=contact, sender=contact.initiator, body=body)
    # then
    assert Message.objects.exists() is False


def test_message_send_by_a_new_account_stops_after_twenty_a_day():
    # given
    newcomer = ResidentFactory(date_joined=NOW - timedelta(days=1))
    contact = ContactFactory(accepted=True, offer__owner=newcomer)
    MessageFactory.create_batch(20, contact=contact, sender=newcomer)
    # when
    with pytest.raises(ApplicationError) as excinfo:
        services.message_send(contact=contact, sender=newcomer, body="Nog één", now=NOW)
    # then
    assert excinfo.value.message.startswith("U heeft vandaag al 20 berichten gestuurd.")
    assert Message.objects.count() == 20


# --- outcome_record --------------------------------------------------------------------------


def test_outcome_record_both_matched_marks_both_listings_matched():
    # given
    contact = ContactFactory(accepted=True)
    # when
    services.outcome_record(contact=contact, respondent=contact.initiator, result="matched")
    services.outcome_record(contact=contact, respondent=contact.recipient, result="matched")
    # then
    contact.ask.refresh_from_db()
    contact.offer.refresh_from_db()
    assert (contact.ask.status, contact.offer.status) == ("matched", "matched")
    assert Notification.objects.get().kind == "outcome_asked"


def test_outcome_record_one_side_not_matched_keeps_listings_open():
    # given
    contact = ContactFactory(accepted=True)
    # when
    services.outcome_record(contact=contact, respondent=contact.initiator, result="matched")
    outcome = services.outcome_record(
        contact=contact,
        respondent=contact.recipient,
        result="not_matched",
        reason="no_time",
        note="Toch geen tijd",
    )
    # then
    assert (outcome.result, outcome.reason, outcome.note) == (
        "not_matched",
        "no_time",
        "Toch geen tijd",
    )
    contact.ask.refresh_from_db()
    assert contact.ask.status == Listing.Status.OPEN


def test_outcome_record_twice_is_refused():
    # given
    contact = ContactFactory(accepted=True)
    services.outcome_record(contact=contact, respondent=contact.initiator, result="matched")
    # when
    with pytest.raises(ApplicationError) as excinfo:
        services.outcome_record(contact=contact, respondent=contact.initiator, result="not_matched")
    # then
    assert excinfo.value.message == "U heeft al laten weten of het gelukt is."
    assert list(Outcome.objects.values_list("result", flat=True)) == ["matched"]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"result": "maybe"}, "result"), ({"result": "not_matched", "reason": "moon"}, "reason")],
)
def test_outcome_record_refuses_unknown_answers(kwargs, field):
    # given
    contact = ContactFactory(accepted=True)
    # when
    with pytest.raises(ValidationError) as excinfo:
        services.outcome_record(contact=contact, respondent=contact.initiator, **kwargs)
    # then
    assert list(_errors(excinfo)) == [field]
    assert Outcome.objects.exists() is False


def test_outcome_record_keeps_how_long_it_took_only_with_a_yes():
    # given
    contact = ContactFactory(accepted=True)
    # when
    yes = services.outcome_record(
        contact=contact, respondent=contact.initiator, result="matched", hours_spent=" 1,5 "
    )
    no = services.outcome_record(
        contact=contact, respondent=contact.recipient, result="not_matched", hours_spent="2"
    )
    # then
    yes.refresh_from_db()
    no.refresh_from_db()
    assert (yes.hours_spent, no.hours_spent) == (Decimal("1.50"), None)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("anderhalf", "Vul een getal in, bijvoorbeeld 1,5."),
        ("1,255", "Gebruik hoogstens 2 cijfers achter de komma."),
        ("0", "Vul een aantal uren in van 0,01 tot en met 100."),
        ("-1", "Vul een aantal uren in van 0,01 tot en met 100."),
        ("100,01", "Vul een aantal uren in van 0,01 tot en met 100."),
        ("9" * 5000, "Vul een aantal uren in van 0,01 tot en met 100."),
        ("1\x00", "Vul een getal in, bijvoorbeeld 1,5."),
    ],
)
def test_outcome_record_refuses_how_long_it_took_when_it_is_not_hours(text, message):
    # given
    contact = ContactFactory(accepted=True)
    # when
    with pytest.raises(ValidationError) as excinfo:
        services.outcome_record(
            contact=contact, respondent=contact.initiator, result="matched", hours_spent=text
        )
    # then
    assert _errors(excinfo) == {"hours_spent": [message]}
    assert Outcome.objects.exists() is False


def test_outcome_hours_change_corrects_and_clears_ones_own_answer_only():
    # given
    contact = ContactFactory(accepted=True)
    services.outcome_record(
        contact=contact, respondent=contact.initiator, result="matched", hours_spent="1"
    )
    # when
    changed = services.outcome_hours_change(
        contact=contact, respondent=contact.initiator, hours_spent="2,5"
    )
    with pytest.raises(ApplicationError) as not_answered:
        services.outcome_hours_change(
            contact=contact, respondent=contact.recipient, hours_spent="3"
        )
    with pytest.raises(PermissionDenied):
        services.outcome_hours_change(
            contact=contact, respondent=ResidentFactory(), hours_spent="3"
        )
    kept = Outcome.objects.get().hours_spent
    cleared = services.outcome_hours_change(
        contact=contact, respondent=contact.initiator, hours_spent=""
    )
    # then
    assert (changed.hours_spent, kept) == (Decimal("2.5"), Decimal("2.50"))
    assert not_answered.value.message == "Laat eerst weten of het gelukt is."
    assert cleared.hours_spent is None
    assert Outcome.objects.count() == 1


def test_the_database_keeps_how_long_it_took_to_answers_that_say_it_worked():
    # given
    contact = ContactFactory(accepted=True)
    outcome = services.outcome_record(
        contact=contact, respondent=contact.initiator, result="not_matched"
    )
    # when / then
    with pytest.raises(IntegrityError), transaction.atomic():
        Outcome.objects.filter(pk=outcome.pk).update(hours_spent=Decimal("1"))
    outcome.refresh_from_db()
    assert outcome.hours_spent is None


def test_outcome_record_before_acceptance_is_refused():
    # given
    contact = ContactFactory()
    # when
    with pytest.raises(ApplicationError):
        services.outcome_record(contact=contact, respondent=contact.initiator, result="matched")
    # then
    assert Outcome.objects.exists() is False


# --- reports and blocks ----------------------------------------------------------------------


def test_report_create_about_a_message():
    # given
    message = MessageFactory()
    reporter = message.contact.recipient
    # when
    report = services.report_create(
        reporter=reporter, reported=message.sender, reason="Onaardig", message=message
    )
    # then
    assert (report.contact, report.message, report.status) == (message.contact, message, "open")


def test_report_create_without_a_reason_is_refused():
    # given
    reporter, reported = _resident(), _resident()
    # when
    with pytest.raises(ValidationError):
        services.report_create(reporter=reporter, reported=reported, reason=" ")
    # then
    assert Report.objects.exists() is False


def test_report_create_about_someone_elses_conversation_is_refused():
    # given
    contact = ContactFactory()
    # when
    with pytest.raises(PermissionDenied):
        services.report_create(
            reporter=_resident(), reported=contact.initiator, reason="Spam", contact=contact
        )
    # then
    assert Report.objects.exists() is False


def test_block_create_withdraws_waiting_contacts_and_is_idempotent():
    # given
    contact = ContactFactory()
    # when
    services.block_create(blocker=contact.recipient, blocked=contact.initiator, now=NOW)
    services.block_create(blocker=contact.recipient, blocked=contact.initiator, now=NOW)
    # then
    contact.refresh_from_db()
    assert contact.status == Contact.Status.WITHDRAWN
    assert Block.objects.count() == 1


def test_block_create_of_oneself_is_refused():
    # given
    person = _resident()
    # when
    with pytest.raises(ApplicationError):
        services.block_create(blocker=person, blocked=person)
    # then
    assert Block.objects.exists() is False


def test_block_remove_lifts_the_block():
    # given
    block = Block.objects.create(blocker=_resident(), blocked=_resident())
    # when
    removed = services.block_remove(blocker=block.blocker, blocked=block.blocked)
    # then
    assert removed is True
    assert Block.objects.exists() is False


# --- notifications and the digest ------------------------------------------------------------


def test_notification_mark_read_only_touches_own_notifications():
    # given
    user, other = _resident(), _resident()
    mine = Notification.objects.create(user=user, kind="message", text="a")
    Notification.objects.create(user=user, kind="message", text="b")
    theirs = Notification.objects.create(user=other, kind="message", text="c")
    # when
    count = services.notification_mark_read(user=user, ids=[mine.pk, theirs.pk], now=NOW)
    # then
    assert count == 1
    assert list(Notification.objects.filter(read_at=NOW).values_list("pk", flat=True)) == [mine.pk]


def test_notification_mark_read_without_ids_reads_all():
    # given
    user = _resident()
    Notification.objects.create(user=user, kind="message", text="a")
    Notification.objects.create(user=user, kind="message", text="b")
    # when
    count = services.notification_mark_read(user=user, now=NOW)
    # then
    assert count == 2


@pytest.mark.parametrize(
    ("frequency", "score", "field"),
    [
        ("hourly", 0.5, "frequency"),
        ("daily", 1.5, "minimum_score"),
        ("daily", -0.1, "minimum_score"),
    ],
)
def test_digest_preference_set_refuses_bad_values(frequency, score, field):
    # given
    user = _resident()
    # when
    with pytest.raises(ValidationError) as excinfo:
        services.digest_preference_set(user=user, frequency=frequency, minimum_score=score)
    # then
    assert list(_errors(excinfo)) == [field]
    assert DigestPreference.objects.exists() is False


def test_digest_preference_set_creates_then_changes():
    # given
    user = _resident()
    services.digest_preference_set(user=user, frequency="weekly", minimum_score=0.7)
    # when
    preference = services.digest_preference_set(user=user, frequency="never", minimum_score=0.3)
    # then
    assert DigestPreference.objects.count() == 1
    assert (preference.frequency, preference.minimum_score) == ("never", 0.3)


def _confirmed(**kwargs):
    return _resident(email_confirmed_at=LONG_AGO, **kwargs)


def test_digest_send_sends_one_mail_per_person_with_all_news(django_capture_on_commit_callbacks):
    # given
    anna = _confirmed(first_name="Anna")
    Notification.objects.create(user=anna, kind="message", text="Nieuw bericht van Piet.")
    Notification.objects.create(user=anna, kind="new_match", text="Er is nieuw aanbod.")
    read = Notification.objects.create(user=anna, kind="message", text="Oud", read_at=NOW)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.digest_send(now=NOW)
    # then
    assert sent == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [anna.email]
    assert mail.outbox[0].subject == "Nieuws van Samenkracht: 2 berichten"
    assert "Nieuw bericht van Piet." in mail.outbox[0].body
    assert "Er is nieuw aanbod." in mail.outbox[0].body
    assert "Oud" not in mail.outbox[0].body
    assert Notification.objects.filter(emailed_at=NOW).count() == 2
    read.refresh_from_db()
    assert read.emailed_at is None


def test_digest_send_respects_frequency_and_never_sends_twice(django_capture_on_commit_callbacks):
    # given
    daily, weekly, never = _confirmed(), _confirmed(), _confirmed()
    DigestPreference.objects.create(
        user=weekly, frequency="weekly", last_sent_at=NOW - timedelta(days=2)
    )
    DigestPreference.objects.create(user=never, frequency="never")
    for user in (daily, weekly, never):
        Notification.objects.create(user=user, kind="message", text="Nieuws")
    # when
    with django_capture_on_commit_callbacks(execute=True):
        first = services.digest_send(now=NOW)
        second = services.digest_send(now=NOW + timedelta(days=1))
    # then
    assert (first, second) == (1, 0)
    assert [message.to for message in mail.outbox] == [[daily.email]]
    assert DigestPreference.objects.get(user=daily).last_sent_at == NOW


def test_digest_send_skips_unconfirmed_addresses():
    # given
    user = _resident(email_confirmed_at=None)
    Notification.objects.create(user=user, kind="message", text="Nieuws")
    # when
    sent = services.digest_send(now=NOW)
    # then
    assert sent == 0
    assert Notification.objects.get().emailed_at is None


# --- matches_notify_new ----------------------------------------------------------------------


def test_matches_notify_new_tells_owners_of_good_matches_once():
    # given
    category = CategoryFactory()
    with time_machine.travel(NOW - timedelta(days=1), tick=False):
        ask = ListingFactory(
            category=category,
            owner=_resident(),
            title="Wie helpt mij met mijn fietsband?",
            description="Mijn fietsband is lek, wie kan hem plakken?",
        )
        picky = DigestPreference.objects.create(user=_resident(), minimum_score=0.99)
        ListingFactory(
            category=category, owner=picky.user, title="Fietsband plakken", description=""
        )
        unrelated = ListingFactory(
            category=CategoryFactory(), owner=_resident(), title="Bijles wiskunde gezocht"
        )
    offer = OfferFactory(
        category=category,
        owner=_resident(neighbourhood=ask.neighbourhood),
        title="Ik plak uw fietsband",
        description="Fietsband lek? Ik plak hem graag.",
    )
    # when
    count = services.matches_notify_new(listing=offer, now=NOW)
    # then
    assert count == 1
    notification = Notification.objects.get()
    assert (notification.user, notification.kind) == (ask.owner, "new_match")
    assert notification.text == (
        f"Er is nieuw aanbod dat past bij uw vraag “{ask.title}”: “{offer.title}”"
    )
    assert notification.url == f"/vragen-en-aanbod/{offer.pk}/"
    assert Notification.objects.filter(user=unrelated.owner).exists() is False


def test_matches_notify_new_skips_blocked_people():
    # given
    category = CategoryFactory()
    ask = ListingFactory(category=category, title="Fietsband plakken", owner=_resident())
    offer = OfferFactory(category=category, title="Ik plak fietsbanden", owner=_resident())
    Block.objects.create(blocker=ask.owner, blocked=offer.owner)
    # when
    count = services.matches_notify_new(listing=offer, now=NOW)
    # then
    assert count == 0
    assert Notification.objects.exists() is False

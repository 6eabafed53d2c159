"""Reads: lists, matches with the kept index, contact details, the desk and figures."""

import importlib
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from samenkracht.matching import selectors, services
from samenkracht.matching.models import Block, Category, Contact, Listing, Outcome
from samenkracht.matching.selectors import index
from samenkracht.matching.tests.factories import (
    CategoryFactory,
    ContactFactory,
    ListingFactory,
    OfferFactory,
)
from samenkracht.people.models import ConsentRecord
from samenkracht.people.tests.factories import NeighbourhoodFactory, ResidentFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 10, 30, tzinfo=UTC)


def test_category_tree_holds_the_seeded_taxonomy_with_active_children():
    # given
    tuin = Category.objects.get(slug="tuin")
    Category.objects.filter(slug="gras").update(is_active=False)
    # when
    tree = selectors.category_tree()
    # then
    top = next(category for category in tree if category.slug == "tuin")
    assert top == tuin
    assert [child.slug for child in top.children.all()] == ["snoeien", "onkruid", "moestuin"]
    assert "fietsband" in Category.objects.get(slug="fiets").synonym_list


def test_listing_list_filters_and_searches():
    # given
    category = CategoryFactory()
    sub = CategoryFactory(parent=category)
    wanted = ListingFactory(category=sub, title="Fietsband plakken")
    ListingFactory(category=category, title="Tuin")
    OfferFactory(category=sub, title="Fietsband plakken")
    ListingFactory(category=sub, title="Fietsband", status=Listing.Status.WITHDRAWN)
    # when
    found = list(selectors.listing_list(kind="ask", category=category, search="fietsband"))
    # then
    assert found == [wanted]


def test_matches_for_listing_ranks_and_explains():
    # given
    category = CategoryFactory()
    ask = ListingFactory(category=category, title="Fietsband plakken", description="Lekke band")
    best = OfferFactory(category=category, title="Ik plak fietsbanden", description="Lekke band?")
    other = OfferFactory(category=CategoryFactory(), title="Bijles", description="Wiskunde")
    # when
    matches = selectors.matches_for_listing(listing=ask, k=5, now=NOW)
    # then
    assert [match.listing for match in matches] == [best, other]
    assert matches[0].score > matches[1].score
    assert "category" in [reason.code for reason in matches[0].reasons]


def test_matches_for_listing_follows_changes_without_a_full_rebuild():
    # given
    category = CategoryFactory()
    ask = ListingFactory(category=category, title="Fietsband plakken")
    first = OfferFactory(category=category, title="Fietsband plakken")
    selectors.matches_for_listing(listing=ask, k=5, now=NOW)
    built = index._cache
    # when
    second = OfferFactory(category=category, title="Fietsband plakken graag")
    services.listing_withdraw(listing=first, actor=first.owner)
    matches = selectors.matches_for_listing(listing=ask, k=5, now=NOW)
    # then
    assert index._cache is built
    assert [match.listing for match in matches] == [second]


def test_matches_for_listing_leaves_out_blocked_people():
    # given
    category = CategoryFactory()
    ask = ListingFactory(category=category)
    offer = OfferFactory(category=category)
    Block.objects.create(blocker=offer.owner, blocked=ask.owner)
    # when
    matches = selectors.matches_for_listing(listing=ask, k=5, now=NOW)
    # then
    assert matches == []


def test_contact_details_only_after_acceptance_and_with_consent():
    # given
    pending = ContactFactory()
    accepted = ContactFactory(accepted=True)
    ConsentRecord.objects.create(user=accepted.recipient, kind="contactable", is_given=True)
    # when
    before = selectors.contact_details_for(contact=pending, viewer=pending.initiator)
    after = selectors.contact_details_for(contact=accepted, viewer=accepted.initiator)
    without_consent = selectors.contact_details_for(contact=accepted, viewer=accepted.recipient)
    # then
    assert before is None
    assert after == selectors.ContactDetails(
        name=accepted.recipient.public_name, email=accepted.recipient.email
    )
    assert without_consent == selectors.ContactDetails(
        name=accepted.initiator.public_name, email=None
    )


def test_desk_overview_finds_who_needs_attention():
    # given
    neighbourhood = NeighbourhoodFactory()
    category = CategoryFactory()
    with time_machine.travel(NOW - timedelta(days=20), tick=False):
        lonely_ask = ListingFactory(
            owner=ResidentFactory(neighbourhood=neighbourhood),
            category=category,
            title="Hulp bij de computer",
        )
        answered = ContactFactory(ask__owner__neighbourhood=neighbourhood)
    fresh_ask = ListingFactory(owner=ResidentFactory(neighbourhood=neighbourhood))
    offer = OfferFactory(
        owner=ResidentFactory(neighbourhood=neighbourhood),
        category=category,
        title="Ik help met de computer",
    )
    # when
    overview = selectors.desk_overview(neighbourhood=neighbourhood, now=NOW, days=14)
    # then
    assert overview.unanswered_asks == [lonely_ask]
    assert overview.offerers_without_contact == [offer.owner]
    assert sorted(person.pk for person in overview.only_asking) == sorted(
        [lonely_ask.owner_id, fresh_ask.owner_id, answered.ask.owner_id]
    )
    assert overview.only_offering == [offer.owner]
    assert [(s.ask, s.offer) for s in overview.suggestions] == [(lonely_ask, offer)]


def test_match_rate_stats_per_category_and_neighbourhood():
    # given
    contact = ContactFactory(accepted=True)
    ContactFactory(ask=ListingFactory(owner=contact.ask.owner, category=contact.ask.category))
    Outcome.objects.create(contact=contact, respondent=contact.initiator, result="matched")
    Outcome.objects.create(contact=contact, respondent=contact.recipient, result="matched")
    # when
    rows = selectors.match_rate_stats(neighbourhoods=[contact.ask.neighbourhood])
    # then
    assert [(row.category, row.contacts, row.matched, row.rate) for row in rows] == [
        (contact.ask.category, 2, 1, 0.5)
    ]


def test_stats_matching_summary():
    # given
    contact = ContactFactory(accepted=True)
    ListingFactory(status=Listing.Status.DONE)
    Outcome.objects.create(contact=contact, respondent=contact.initiator, result="matched")
    # when
    stats = selectors.stats_matching()
    # then
    assert (stats.open_asks, stats.open_offers) == (1, 1)
    assert (stats.contacts, stats.contacts_accepted, stats.contacts_matched) == (1, 1, 1)
    assert stats.match_rate == 1.0


def test_contact_list_for_user_holds_both_sides():
    # given
    contact = ContactFactory()
    ContactFactory()
    # when / then
    assert list(selectors.contact_list_for_user(user=contact.recipient)) == [contact]
    assert list(selectors.contact_list_for_user(user=contact.initiator)) == [contact]
    assert Contact.objects.count() == 2


def test_category_seed_migration_is_reversible_and_keeps_used_categories():
    # given
    from django.apps import apps

    seed = importlib.import_module("samenkracht.matching.migrations.0002_seed_categories")
    used = ListingFactory(category=Category.objects.get(slug="fiets")).category
    seeded = Category.objects.count()
    # when
    seed.unseed_categories(apps, None)
    left = set(Category.objects.values_list("slug", flat=True))
    seed.seed_categories(apps, None)
    # then
    assert left == {"fiets", used.parent.slug}
    assert Category.objects.count() == seeded


def test_stats_matching_counts_recent_contacts_within_the_neighbourhoods():
    # given
    now = timezone.now()
    recent = ContactFactory(accepted=True)
    old = ContactFactory(ask__owner__neighbourhood=recent.ask.neighbourhood)
    Contact.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=31))
    elsewhere = ContactFactory()
    Outcome.objects.create(contact=recent, respondent=recent.recipient, result="matched")
    # when
    stats = selectors.stats_matching(
        neighbourhoods=[recent.ask.neighbourhood], contacts_since=now - timedelta(days=30)
    )
    everywhere = selectors.stats_matching()
    # then
    assert (stats.contacts, stats.contacts_recent, stats.contacts_matched) == (2, 1, 1)
    assert stats.match_rate == 0.5
    assert (everywhere.contacts, everywhere.contacts_recent) == (3, 3)
    assert elsewhere.ask.neighbourhood != recent.ask.neighbourhood

"""The start page of each role; the municipality's page shows matching figures, aggregated."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from samenkracht.matching.models import Contact, Outcome
from samenkracht.matching.tests.factories import ContactFactory, ListingFactory, OfferFactory
from samenkracht.people.tests.factories import (
    ROLES,
    MunicipalityFactory,
    OfficialFactory,
    ProfessionalFactory,
    person_for_role,
)

pytestmark = pytest.mark.django_db

HOME_URL = reverse("people:home")
SECTION = '<h2 class="utrecht-heading-2" id="matching-stats">Vragen en aanbod</h2>'


@pytest.mark.parametrize(
    ("role", "expected_status", "sees_section"),
    list(zip(ROLES, [302, 200, 200, 200, 200], [False, False, False, True, True], strict=True)),
)
def test_matching_figures_only_on_the_municipality_page(
    client, role, expected_status, sees_section
):
    # given
    MunicipalityFactory()
    user = person_for_role(role)
    if user is not None:
        client.force_login(user)
    # when
    response = client.get(HOME_URL)
    # then
    assert response.status_code == expected_status
    assert ("matching_stats" in (response.context or {})) is sees_section
    if sees_section:
        assertContains(response, SECTION, html=True)
    elif expected_status == 200:
        assertNotContains(response, 'id="matching-stats"')


def test_the_official_sees_open_asks_offers_recent_contacts_and_the_match_rate(client):
    # given
    matched = ContactFactory(accepted=True, ask__title="Geheime vraag van mevrouw Jansen")
    Outcome.objects.create(contact=matched, respondent=matched.initiator, result="matched")
    old = ContactFactory()
    Contact.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    ContactFactory()
    ContactFactory()
    ListingFactory(status="done")
    OfferFactory()
    client.force_login(OfficialFactory())
    # when
    response = client.get(HOME_URL)
    # then
    stats = response.context["matching_stats"]
    assert (stats.open_asks, stats.open_offers, stats.contacts_recent, stats.contacts) == (
        4,
        5,
        3,
        4,
    )
    assertContains(response, '<span class="stat">4</span> open vragen', html=True)
    assertContains(response, '<span class="stat">5</span> open aanbod', html=True)
    assertContains(
        response, '<span class="stat">3</span> contacten in de laatste 30 dagen', html=True
    )
    assertContains(
        response, '<span class="stat">25%</span> van de contacten werd een match', html=True
    )
    assertNotContains(response, "Geheime vraag van mevrouw Jansen")


def test_without_contacts_the_match_rate_is_a_dash(client):
    # given
    client.force_login(OfficialFactory())
    # when
    response = client.get(HOME_URL)
    # then
    assertContains(
        response, '<span class="stat">–</span> van de contacten werd een match', html=True
    )


@pytest.mark.parametrize(
    ("factory", "sees_requests"), [(OfficialFactory, True), (ProfessionalFactory, False)]
)
def test_officials_and_professionals_find_the_initiatives_overview_from_home(
    client, factory, sees_requests
):
    # given
    client.force_login(factory())
    # when
    page = client.get(reverse("people:home"))
    # then: every link works for them; the request queue is the municipality's own
    assertContains(page, reverse("initiatives:overview"))
    assertContains(page, reverse("initiatives:expertise"))
    if sees_requests:
        assertContains(page, reverse("initiatives:request-overview"))
    else:
        assertNotContains(page, reverse("initiatives:request-overview"))
    for path in (reverse("initiatives:overview"), reverse("initiatives:expertise")):
        assert client.get(path).status_code == 200

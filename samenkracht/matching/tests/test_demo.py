import pytest
from django.core.management import CommandError, call_command

from samenkracht.matching.models import Listing
from samenkracht.matching.selectors import matches_for_listing
from samenkracht.people.demo import demo_generate

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_city():
    call_command("import_neighbourhoods", "--builtin")
    demo_generate(residents=300, seed=7)


def test_demo_listings_are_deterministic_and_valid(demo_city):
    # when
    call_command("generate_demo_matching", "--seed", "3")
    first = list(Listing.objects.order_by("id").values_list("owner__username", "title", "kind"))
    Listing.objects.all().delete()
    call_command("generate_demo_matching", "--seed", "3")
    second = list(Listing.objects.order_by("id").values_list("owner__username", "title", "kind"))
    # then
    assert first == second
    assert len(first) > 50
    for listing in Listing.objects.all()[:50]:
        listing.full_clean()


def test_the_demo_resident_sees_a_neighbour_who_does_groceries(demo_city):
    # given
    call_command("generate_demo_matching")
    ask = Listing.objects.get(owner__username="bewoner")
    # when
    matches = matches_for_listing(listing=ask, k=20, now=ask.created_at)
    # then
    titles = [match.listing.title for match in matches]
    assert "Ik doe graag boodschappen voor een buur" in titles


def test_if_empty_skips_a_second_run(demo_city):
    call_command("generate_demo_matching")
    count = Listing.objects.count()
    call_command("generate_demo_matching", "--if-empty")
    assert Listing.objects.count() == count


def test_share_must_be_a_fraction(demo_city):
    with pytest.raises(CommandError):
        call_command("generate_demo_matching", "--share", "2")

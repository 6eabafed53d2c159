"""Registering and changing initiatives, their phases, team, needs and news."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from samenkracht.common.errors import ApplicationError
from samenkracht.initiatives import services
from samenkracht.initiatives.models import (
    Initiative,
    InitiativeFollow,
    InitiativeMember,
    InitiativeUpdate,
    Phase,
    PhaseChange,
    PolicyDomain,
    Resource,
)
from samenkracht.initiatives.tests.factories import (
    InitiativeFactory,
    InitiativeFollowFactory,
    ResourceFactory,
)
from samenkracht.initiatives.tests.helpers import lead_of, photo_upload
from samenkracht.matching.models import Category, Listing, Notification
from samenkracht.people.tests.factories import (
    MunicipalityFactory,
    NeighbourhoodFactory,
    ResidentFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 5, 20)


def _domain(slug: str = "groen") -> PolicyDomain:
    return PolicyDomain.objects.get(slug=slug)


def _create(user, **kwargs):
    values = {
        "user": user,
        "name": "Moestuin De Groene Hoek",
        "goal": "Samen groente kweken.",
        "domains": [_domain()],
        "neighbourhoods": [user.neighbourhood],
        "today": TODAY,
    }
    values.update(kwargs)
    return services.initiative_create(**values)


def test_the_twelve_policy_domains_are_seeded():
    assert PolicyDomain.objects.filter(is_active=True).count() == 12
    assert PolicyDomain.objects.filter(slug="groen").exists()


def test_registering_makes_the_creator_lead_and_starts_the_history():
    # given
    user = ResidentFactory()
    # when
    initiative = _create(user, phase=Phase.STARTING, phase_since=TODAY - timedelta(days=3))
    # then
    assert initiative.municipality_id == user.neighbourhood.district.municipality_id
    assert list(initiative.members.values_list("user_id", "role")) == [(user.pk, "lead")]
    assert list(initiative.phase_changes.values_list("phase", "date")) == [
        ("starting", TODAY - timedelta(days=3))
    ]
    assert initiative.phase_since == TODAY - timedelta(days=3)
    assert initiative.created_by == user
    # without a point, the centre of the buurt
    assert (initiative.latitude, initiative.longitude) == (
        user.neighbourhood.latitude,
        user.neighbourhood.longitude,
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"latitude": 48.85, "longitude": 2.35},
            "latitude",
            "Deze plek ligt niet in Nederland. Kies een plek in de buurt.",
        ),
        (
            {"latitude": float("nan"), "longitude": 5.0},
            "latitude",
            "Deze plek ligt niet in Nederland. Kies een plek in de buurt.",
        ),
        (
            {"latitude": 52.1},
            "latitude",
            "Vul de breedtegraad én de lengtegraad in.",
        ),
        ({"domains": []}, "domains", "Kies minstens één beleidsdomein."),
        ({"neighbourhoods": []}, "neighbourhoods", "Kies minstens één buurt."),
        (
            {"phase_since": TODAY + timedelta(days=1)},
            "phase_since",
            "Deze datum ligt in de toekomst. Kies vandaag of eerder.",
        ),
        ({"name": "  "}, "name", "Vul de naam in, in gewone woorden."),
        ({"phase": "finished"}, "phase", "Kies een fase."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_stored(changes, field, message):
    # given
    user = ResidentFactory()
    # when
    with pytest.raises(ValidationError) as error:
        _create(user, **changes)
    # then
    assert error.value.message_dict[field] == [message]
    assert Initiative.objects.count() == 0
    assert PhaseChange.objects.count() == 0
    assert InitiativeMember.objects.count() == 0


def test_an_unused_domain_is_refused():
    # given
    domain = _domain("cultuur")
    domain.is_active = False
    domain.save()
    # when
    with pytest.raises(ValidationError) as error:
        _create(ResidentFactory(), domains=[domain])
    # then
    assert error.value.message_dict["domains"] == [
        f"Dit beleidsdomein wordt niet meer gebruikt: {domain.name}"
    ]
    assert Initiative.objects.count() == 0


def test_buurten_in_two_municipalities_are_refused():
    # given
    user = ResidentFactory()
    elsewhere = NeighbourhoodFactory(
        district__municipality=MunicipalityFactory(code="GM0344", name="Utrecht")
    )
    # when
    with pytest.raises(ValidationError) as error:
        _create(user, neighbourhoods=[user.neighbourhood, elsewhere])
    # then
    assert error.value.message_dict["neighbourhoods"] == [
        "Kies buurten die allemaal in dezelfde gemeente liggen."
    ]
    assert Initiative.objects.count() == 0


def test_a_file_that_is_not_a_photo_is_refused():
    upload = SimpleUploadedFile("virus.jpg", b"MZ not an image", content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        _create(ResidentFactory(), photo=upload)
    assert error.value.message_dict["photo"] == [
        "Dit bestand is geen foto. Kies een JPG- of PNG-bestand."
    ]
    assert Initiative.objects.count() == 0


def test_a_photo_over_the_limit_is_refused():
    upload = photo_upload()
    upload.size = services.MAX_PHOTO_BYTES + 1
    with pytest.raises(ValidationError) as error:
        _create(ResidentFactory(), photo=upload)
    assert error.value.message_dict["photo"] == [
        "Deze foto is te groot. Kies een foto van hoogstens 5 MB."
    ]
    assert Initiative.objects.count() == 0


def test_a_photo_is_stored_re_encoded():
    initiative = _create(ResidentFactory(), photo=photo_upload())
    assert initiative.photo.name.startswith("initiatives/")
    assert initiative.photo.name.endswith(".jpg")


def test_phase_changes_keep_their_dates_in_order():
    # given
    initiative = InitiativeFactory(phase_since=TODAY - timedelta(days=10))
    lead = lead_of(initiative)
    # when: a date before the previous change
    with pytest.raises(ValidationError) as error:
        services.initiative_phase_change(
            initiative=initiative,
            actor=lead,
            phase=Phase.STARTING,
            day=TODAY - timedelta(days=11),
            today=TODAY,
        )
    # then
    previous = (TODAY - timedelta(days=10)).strftime("%d-%m-%Y")
    assert error.value.message_dict["day"] == [
        f"Deze datum ligt vóór de vorige fasewissel ({previous}). Kies {previous} of later."
    ]
    initiative.refresh_from_db()
    assert initiative.phase == Phase.IDEA
    assert initiative.phase_changes.count() == 1
    # and a date in the future
    with pytest.raises(ValidationError) as error:
        services.initiative_phase_change(
            initiative=initiative,
            actor=lead,
            phase=Phase.STARTING,
            day=TODAY + timedelta(days=1),
            today=TODAY,
        )
    assert error.value.message_dict["day"] == [
        "Deze datum ligt in de toekomst. Kies vandaag of eerder."
    ]
    # and a good one
    services.initiative_phase_change(
        initiative=initiative, actor=lead, phase=Phase.STARTING, day=TODAY, today=TODAY
    )
    initiative.refresh_from_db()
    assert (initiative.phase, initiative.phase_since) == (Phase.STARTING, TODAY)
    assert list(initiative.phase_changes.values_list("phase", flat=True)) == ["idea", "starting"]


def test_a_phase_change_tells_the_followers_but_not_the_one_who_did_it():
    # given
    initiative = InitiativeFactory(name="Buurtmoestuin")
    follower = InitiativeFollowFactory(initiative=initiative).user
    lead = lead_of(initiative)
    # when
    services.initiative_phase_change(initiative=initiative, actor=lead, phase=Phase.RUNNING)
    # then
    [notification] = Notification.objects.all()
    assert notification.user == follower
    assert notification.kind == Notification.Kind.INITIATIVE_UPDATE
    assert notification.text == "“Buurtmoestuin” is nu in de fase ‘Loopt’."
    assert notification.url == f"/initiatieven/{initiative.pk}/"


def test_a_stopped_initiative_cannot_be_edited_until_restarted():
    # given
    initiative = InitiativeFactory(name="Oud", phase=Phase.STOPPED)
    lead = lead_of(initiative)
    # when
    with pytest.raises(ApplicationError) as error:
        services.initiative_update(initiative=initiative, actor=lead, name="Nieuw")
    # then
    assert error.value.message == (
        "Dit initiatief is gestopt. Zet het eerst weer in een andere fase als u verder wilt."
    )
    initiative.refresh_from_db()
    assert initiative.name == "Oud"
    # restarting is allowed, after which editing works
    services.initiative_phase_change(initiative=initiative, actor=lead, phase=Phase.RUNNING)
    initiative.refresh_from_db()
    services.initiative_update(initiative=initiative, actor=lead, name="Nieuw")
    initiative.refresh_from_db()
    assert initiative.name == "Nieuw"


def test_an_edit_based_on_an_old_reading_is_refused_once_the_initiative_stopped():
    # given: the lead's page read the initiative while it ran; meanwhile it was stopped
    initiative = InitiativeFactory(name="Oud", phase=Phase.RUNNING)
    lead = lead_of(initiative)
    read_earlier = Initiative.objects.get(pk=initiative.pk)
    services.initiative_phase_change(initiative=initiative, actor=lead, phase=Phase.STOPPED)
    # when the edit arrives with the old reading
    with pytest.raises(ApplicationError):
        services.initiative_update(initiative=read_earlier, actor=lead, name="Nieuw")
    # then nothing changed
    initiative.refresh_from_db()
    assert initiative.name == "Oud"


def test_updating_keeps_the_buurten_in_the_same_municipality():
    initiative = InitiativeFactory()
    elsewhere = NeighbourhoodFactory(
        district__municipality=MunicipalityFactory(code="GM0344", name="Utrecht")
    )
    with pytest.raises(ValidationError) as error:
        services.initiative_update(
            initiative=initiative, actor=lead_of(initiative), neighbourhoods=[elsewhere]
        )
    assert error.value.message_dict["neighbourhoods"] == [
        "Kies buurten in de gemeente waar het initiatief al is."
    ]
    assert list(initiative.neighbourhoods.all()) != [elsewhere]


def test_leads_add_members_and_the_last_lead_stays():
    # given
    initiative = InitiativeFactory()
    lead = lead_of(initiative)
    other = ResidentFactory()
    # when
    member = services.member_add(initiative=initiative, actor=lead, user=other, role="member")
    # then
    assert member.role == "member"
    with pytest.raises(ValidationError):
        services.member_add(initiative=initiative, actor=lead, user=other)
    lead_membership = initiative.members.get(user=lead)
    with pytest.raises(ApplicationError) as error:
        services.member_remove(initiative=initiative, actor=lead, member=lead_membership)
    assert error.value.message == (
        "Een initiatief heeft altijd een trekker. Maak eerst iemand anders trekker."
    )
    # a member cannot add people
    with pytest.raises(PermissionDenied):
        services.member_add(initiative=initiative, actor=other, user=ResidentFactory())
    assert initiative.members.count() == 2


def test_residents_join_as_volunteer_and_follow():
    initiative = InitiativeFactory()
    user = ResidentFactory()
    member = services.initiative_join(initiative=initiative, user=user)
    assert member.role == "volunteer"
    assert InitiativeFollow.objects.filter(initiative=initiative, user=user).exists()
    with pytest.raises(ApplicationError) as error:
        services.initiative_join(initiative=initiative, user=user)
    assert error.value.message == "U doet al mee met dit initiatief."


def test_a_need_is_published_as_an_ask_and_closed_when_fulfilled():
    # given
    initiative = InitiativeFactory(name="Moestuin")
    lead = lead_of(initiative)
    need = services.resource_create(
        initiative=initiative, actor=lead, kind="volunteers", description="Drie spitters"
    )
    # when
    published = services.resource_publish(resource=need, actor=lead)
    # then
    listing = published.listing
    assert listing is not None
    assert (listing.kind, listing.owner, listing.title, listing.status) == (
        Listing.Kind.ASK,
        lead,
        "Drie spitters",
        Listing.Status.OPEN,
    )
    assert listing.category == Category.objects.get(slug="klussen")
    assert listing.description.startswith("Voor het initiatief Moestuin:")
    with pytest.raises(ApplicationError):
        services.resource_publish(resource=need, actor=lead)
    # when fulfilled by another team member
    member = ResidentFactory()
    InitiativeMember.objects.create(initiative=initiative, user=member, role="member")
    services.resource_fulfil(resource=published, actor=member)
    listing.refresh_from_db()
    need.refresh_from_db()
    assert need.is_fulfilled is True
    assert listing.status == Listing.Status.DONE


def test_money_can_only_be_asked_for_through_an_organisation():
    initiative = InitiativeFactory()
    need = ResourceFactory(initiative=initiative, kind=Resource.Kind.MONEY)
    with pytest.raises(ValidationError) as error:
        services.resource_publish(resource=need, actor=lead_of(initiative))
    assert error.value.message_dict["resource"] == [
        "Geld, materialen of ruimte vragen of bieden kan alleen namens een organisatie."
    ]
    need.refresh_from_db()
    assert need.listing is None
    assert Listing.objects.count() == 0


def test_news_with_a_photo_reaches_the_followers():
    # given
    initiative = InitiativeFactory(name="Moestuin")
    follower = InitiativeFollowFactory(initiative=initiative).user
    # when
    update = services.news_post(
        initiative=initiative,
        author=lead_of(initiative),
        text="Eerste oogst!",
        photo=photo_upload(),
    )
    # then
    assert update.photo.name.startswith("initiatives/")
    [notification] = Notification.objects.filter(user=follower)
    assert notification.text == "Nieuws van “Moestuin”: Eerste oogst!"


def test_news_from_someone_outside_the_team_is_refused():
    initiative = InitiativeFactory()
    with pytest.raises(PermissionDenied):
        services.news_post(initiative=initiative, author=ResidentFactory(), text="Hallo")
    assert InitiativeUpdate.objects.count() == 0

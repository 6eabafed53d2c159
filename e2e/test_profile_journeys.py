"""A resident's own profile: edit it, decide on consents, download their data, leave."""

import json
from pathlib import Path

import pytest
from django.template.defaultfilters import date as date_filter
from django.utils import timezone, translation
from PIL import Image
from playwright.sync_api import expect

from e2e.helpers import ERROR_SUMMARY, WRONG_LOGIN, assert_field_invalid, log_in
from samenkracht.people.models import ConsentKind, ConsentRecord, User
from samenkracht.people.tests.factories import PASSWORD, ResidentFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _resident() -> User:
    return ResidentFactory(
        first_name="Karin",
        last_name="de Vries",
        email="karin@example.org",
        username="karin.v",
        neighbourhood__name="Soesterkwartier",
        neighbourhood__district__name="Centrum",
    )


def _png(path: Path) -> Path:
    Image.new("RGB", (4, 4), (200, 30, 30)).save(path, format="PNG")
    return path


def test_edit_profile_with_photo(page, axe, live_server, tmp_path):
    # given
    user = _resident()
    log_in(page, axe, "karin@example.org", PASSWORD)
    page.get_by_role("link", name="Mijn profiel").click()
    expect(page.get_by_text("Anderen zien u als:")).to_have_text("Anderen zien u als: Karin V.")
    axe(page)
    page.get_by_role("link", name="Profiel bewerken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Profiel bewerken")
    axe(page)

    # when
    page.get_by_label("Voornaam").fill("Karina")
    page.get_by_label("Achternaam").fill("van Dijk")
    page.get_by_label("Laat mijn hele naam zien").check()
    page.get_by_label("Turks").check()
    page.get_by_label("Nederlandse Gebarentaal").check()
    page.get_by_label("Over mij").fill("Ik fiets graag en help met de moestuin.")
    page.get_by_label("Foto (niet verplicht)").set_input_files(_png(tmp_path / "karin.png"))
    page.get_by_role("button", name="Opslaan").click()

    # then
    expect(page).to_have_url(f"{live_server.url}/profiel/")
    expect(page.get_by_role("status")).to_have_text("Uw profiel is opgeslagen.")
    expect(page.get_by_role("heading", level=2).first).to_have_text("Karina van Dijk")
    expect(page.get_by_text("Anderen zien u als:")).to_have_text(
        "Anderen zien u als: Karina van Dijk"
    )
    details = page.locator("dl.details")
    expect(details.locator("dt + dd").nth(2)).to_have_text("Turks, Nederlandse Gebarentaal")
    expect(details.locator("dt + dd").nth(3)).to_have_text(
        "Ik fiets graag en help met de moestuin."
    )
    expect(page.get_by_role("img", name="Mijn foto")).to_have_count(1)
    axe(page)
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.show_full_name, user.languages, user.about) == (
        "Karina",
        "van Dijk",
        True,
        ["tr", "ngt"],
        "Ik fiets graag en help met de moestuin.",
    )
    # Stored under a random name: the original file name may say who is in the photo.
    assert user.photo.name.startswith("photos/")
    assert "karin" not in user.photo.name
    assert user.photo.name.endswith(".jpg")  # re-encoded: no transparency, so JPEG


def test_edit_profile_with_a_file_that_is_no_photo_shows_dutch_error(page, axe, tmp_path):
    # given
    user = _resident()
    log_in(page, axe, "karin.v", PASSWORD)
    page.goto("/profiel/bewerken/")
    axe(page)
    notes = tmp_path / "notities.png"
    notes.write_text("Dit is geen foto.", encoding="utf-8")

    # when
    page.get_by_label("Voornaam").fill("Karina")
    page.get_by_label("Foto (niet verplicht)").set_input_files(notes)
    page.get_by_role("button", name="Opslaan").click()

    # then
    expect(page.get_by_role("heading", level=1)).to_have_text("Profiel bewerken")
    expect(page.get_by_role("alert")).to_have_text(ERROR_SUMMARY)
    assert_field_invalid(
        page, "id_photo", "Dit bestand is geen foto. Kies een JPG- of PNG-bestand."
    )
    expect(page.get_by_label("Voornaam")).to_have_value("Karina")
    axe(page)
    user.refresh_from_db()
    assert (user.first_name, user.photo.name) == ("Karin", "")


def _history_rows(page) -> list[list[str]]:
    rows = page.locator("table tbody tr")
    return [row.locator("td").all_inner_texts() for row in rows.all()]


def _expected_history(user: User) -> list[list[str]]:
    labels = dict(ConsentKind.choices)
    with translation.override("nl"):
        return [
            [
                date_filter(timezone.localtime(record.created_at), "j F Y, H:i"),
                str(labels[record.kind]),
                "gegeven" if record.is_given else "ingetrokken",
            ]
            for record in ConsentRecord.objects.filter(user=user).order_by("-created_at", "-id")
        ]


def test_give_and_withdraw_consent_and_see_the_history(page, axe, live_server):
    # given
    user = _resident()
    contact = "Anderen mogen contact met mij opnemen"
    log_in(page, axe, "karin@example.org", PASSWORD)
    page.get_by_role("link", name="Mijn profiel").click()
    page.get_by_role("link", name="Toestemming bekijken of wijzigen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Toestemming")
    expect(
        page.get_by_text("U heeft nog geen keuzes gemaakt. Zonder keuze geldt: geen toestemming.")
    ).to_be_visible()
    axe(page)

    # when: Karin gives consent to be contacted
    page.get_by_label(contact).check()
    page.get_by_role("button", name="Keuzes opslaan").click()

    # then
    expect(page).to_have_url(f"{live_server.url}/profiel/toestemming/")
    expect(page.get_by_role("status")).to_have_text("Uw keuzes zijn opgeslagen.")
    expect(page.get_by_label(contact)).to_be_checked()
    axe(page)
    given = list(
        ConsentRecord.objects.filter(user=user).order_by("kind").values_list("kind", "is_given")
    )
    assert given == [("contactable", True), ("network_analysis", False), ("wellbeing", False)]

    # when: and withdraws it again
    page.get_by_label(contact).uncheck()
    page.get_by_role("button", name="Keuzes opslaan").click()

    # then
    expect(page.get_by_role("status")).to_have_text("Uw keuzes zijn opgeslagen.")
    expect(page.get_by_label(contact)).not_to_be_checked()
    axe(page)
    records = ConsentRecord.objects.filter(user=user, kind="contactable").order_by("created_at")
    assert [r.is_given for r in records] == [True, False]
    rows = _history_rows(page)
    assert rows == _expected_history(user)
    assert [row[1:] for row in rows if row[1] == contact] == [
        [contact, "ingetrokken"],
        [contact, "gegeven"],
    ]
    assert all(row[0] for row in rows)

    # when: nothing changes
    page.get_by_role("button", name="Keuzes opslaan").click()

    # then
    expect(page.get_by_role("status")).to_have_text("Er is niets veranderd.")
    assert ConsentRecord.objects.filter(user=user).count() == 4
    axe(page)


def test_download_my_data(page, axe):
    # given
    user = _resident()
    ConsentRecord.objects.create(user=user, kind="contactable", is_given=True)
    log_in(page, axe, "karin@example.org", PASSWORD)
    page.get_by_role("link", name="Mijn profiel").click()
    page.get_by_role("link", name="Al mijn gegevens downloaden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn gegevens downloaden")
    axe(page)

    # when
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download mijn gegevens").click()
    download = download_info.value

    # then
    stamp = timezone.localdate().isoformat()
    assert download.suggested_filename == f"samenkracht-mijn-gegevens-{stamp}.json"
    data = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert data["format"] == "samenkracht-export-1"
    [profile] = data["profile"]
    assert {
        key: profile[key]
        for key in ("username", "email", "first_name", "last_name", "public_name", "role")
    } == {
        "username": "karin.v",
        "email": "karin@example.org",
        "first_name": "Karin",
        "last_name": "de Vries",
        "public_name": "Karin V.",
        "role": "resident",
    }
    assert user.neighbourhood is not None
    assert profile["neighbourhood"] == user.neighbourhood.code
    assert [(c["kind"], c["is_given"]) for c in data["consents"]] == [("contactable", True)]
    axe(page)


def test_delete_account(page, axe, live_server):
    # given
    user = _resident()
    ConsentRecord.objects.create(user=user, kind="contactable", is_given=True)
    log_in(page, axe, "karin@example.org", PASSWORD)
    page.get_by_role("link", name="Mijn profiel").click()
    page.get_by_role("link", name="Mijn account verwijderen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn account verwijderen")
    axe(page)

    # when: Karin types a wrong password and forgets to tick the box
    page.get_by_label("Uw wachtwoord").fill("verkeerd-wachtwoord")
    page.get_by_role("button", name="Account definitief verwijderen").click()

    # then
    assert_field_invalid(
        page,
        "id_confirm",
        "Vink het vakje aan als u zeker weet dat u uw account wilt verwijderen.",
    )
    assert_field_invalid(page, "id_password", "Dit wachtwoord klopt niet.")
    axe(page)
    user.refresh_from_db()
    assert user.deleted_at is None

    # when: she types her password and ticks the box
    page.get_by_label("Uw wachtwoord").fill(PASSWORD)
    page.get_by_label("Ja, verwijder mijn account en mijn gegevens.").check()
    page.get_by_role("button", name="Account definitief verwijderen").click()

    # then
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("status")).to_have_text(
        "Uw account en uw gegevens zijn verwijderd. Bedankt voor uw hulp in de buurt."
    )
    expect(page.get_by_role("link", name="Inloggen").first).to_be_visible()
    axe(page)
    user.refresh_from_db()
    assert user.username == f"verwijderd-{user.pk}"
    assert (user.email, user.first_name, user.last_name, user.about, user.neighbourhood_id) == (
        None,
        "",
        "",
        "",
        None,
    )
    assert user.is_active is False
    assert user.deleted_at is not None
    assert not user.has_usable_password()
    assert not ConsentRecord.objects.filter(user=user).exists()

    # when: she tries the old credentials
    log_in(page, axe, "karin@example.org", PASSWORD)

    # then
    expect(page.get_by_role("alert")).to_have_text(WRONG_LOGIN)
    axe(page)

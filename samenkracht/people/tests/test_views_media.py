import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from samenkracht.people import services
from samenkracht.people.tests.factories import ResidentFactory, person_for_role

pytestmark = pytest.mark.django_db

# The smallest valid PNG: one transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def _resident_with_photo():
    resident = ResidentFactory()
    services.profile_update(
        user=resident, photo=SimpleUploadedFile("ik.png", PNG, content_type="image/png")
    )
    resident.refresh_from_db()
    return resident


@pytest.mark.parametrize("role", ["resident", "professional", "official", "admin"])
def test_signed_in_people_see_a_profile_photo(client, role):
    # given
    resident = _resident_with_photo()
    client.force_login(person_for_role(role))
    # when
    response = client.get(resident.photo.url)
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG


def test_anonymous_visitors_do_not_see_profile_photos(client):
    resident = _resident_with_photo()
    response = client.get(resident.photo.url)
    assert response.status_code == 403


def test_unknown_photo_and_path_tricks_are_not_found(client):
    client.force_login(ResidentFactory())
    assert client.get("/media/photos/bestaat-niet.png").status_code == 404
    assert client.get("/media/photos/../../config/settings/base.py").status_code == 404


def test_deleting_the_account_removes_the_photo_file(client):
    resident = _resident_with_photo()
    url = resident.photo.url
    services.user_delete(user=resident)
    client.force_login(ResidentFactory())
    assert client.get(url).status_code == 404

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from samenkracht.people import services
from samenkracht.people.tests.factories import ResidentFactory, person_for_role

pytestmark = pytest.mark.django_db


def _jpeg_with_metadata() -> bytes:
    image = Image.new("RGB", (1200, 900), (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "Telefoonmerk"  # camera make
    exif[0x010E] = "Achtertuin Bomenbuurt 12"  # image description
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def _resident_with_photo():
    resident = ResidentFactory()
    upload = SimpleUploadedFile("ik.jpg", _jpeg_with_metadata(), content_type="image/jpeg")
    services.profile_update(user=resident, photo=upload)
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
    assert response["Content-Type"] == "image/jpeg"
    served = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert served.size == (800, 600)
    assert dict(served.getexif()) == {}


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


def test_replacing_a_photo_removes_the_old_file(client, django_capture_on_commit_callbacks):
    # given
    resident = _resident_with_photo()
    old_url = resident.photo.url
    # when
    with django_capture_on_commit_callbacks(execute=True):
        services.profile_update(user=resident, photo=None)
    # then
    client.force_login(ResidentFactory())
    assert client.get(old_url).status_code == 404

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_landing_page_is_accessible_and_links_to_login(page, axe):
    # given / when
    page.goto("/")
    # then
    assert page.get_by_role("heading", level=1).inner_text() == "Samen sterker in de buurt"
    axe(page)
    page.get_by_role("link", name="Inloggen").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Inloggen"
    axe(page)

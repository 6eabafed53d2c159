from hypothesis import given
from hypothesis import strategies as st

from samenkracht.core.names import display_name


def test_display_name_shows_first_name_and_initial_by_default():
    assert display_name("Jan", "Jansen") == "Jan J."


def test_display_name_skips_dutch_particles_for_the_initial():
    assert display_name("Fatima", "van der Berg") == "Fatima B."
    assert display_name("Kees", "'t Hart") == "Kees H."


def test_display_name_shows_full_name_when_chosen():
    assert display_name("Jan", "van der Berg", show_full_name=True) == "Jan van der Berg"


def test_display_name_without_last_name_is_first_name():
    assert display_name("Mo", "") == "Mo"


@given(
    st.text(alphabet=st.characters(categories=["L"]), min_size=1, max_size=20),
    st.text(alphabet=st.characters(categories=["L", "Zs"]), min_size=1, max_size=30),
)
def test_display_name_never_contains_more_of_the_last_name_than_one_letter(first, last):
    shown = display_name(first, last)
    main_words = [w for w in last.split() if len(w) > 1]
    for word in main_words:
        if word not in first:
            assert word not in shown.removeprefix(" ".join(first.split()))

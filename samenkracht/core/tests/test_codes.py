from hypothesis import given
from hypothesis import strategies as st

from samenkracht.core.codes import ALPHABET, activation_code_new, activation_code_normalise


def test_activation_code_has_three_groups_of_four_unambiguous_characters():
    code = activation_code_new()
    groups = code.split("-")
    assert [len(g) for g in groups] == [4, 4, 4]
    assert set("".join(groups)) <= set(ALPHABET)


def test_activation_codes_differ():
    assert len({activation_code_new() for _ in range(200)}) == 200


@given(st.sampled_from(["lower", "spaces", "nodash"]))
def test_normalise_forgives_case_spaces_and_missing_dashes(variant):
    code = activation_code_new()
    typed = {
        "lower": code.lower(),
        "spaces": " " + code.replace("-", " ") + " ",
        "nodash": code.replace("-", ""),
    }[variant]
    assert activation_code_normalise(typed) == code

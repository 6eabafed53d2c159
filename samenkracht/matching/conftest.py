"""Fixtures for the matching app's tests."""

import pytest

from samenkracht.matching.selectors.index import match_index_reset


@pytest.fixture(autouse=True)
def _fresh_match_index():
    # Rows of earlier tests were rolled back, and ids may be used again: start anew.
    match_index_reset()
    yield
    match_index_reset()

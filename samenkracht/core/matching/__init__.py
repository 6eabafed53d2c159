"""Matching asks and offers: the best top-k for a listing, each with its reasons.

This is Samenkracht's own code, not a search engine's, on purpose: how fast it answers
and how plainly it explains a match ("zelfde categorie · 600 m · beiden op
dinsdagmiddag · 'fiets' ≈ 'fietsband'") are the product's edge. PostgreSQL full-text
search is the reference it must beat (`python -m bench.matching`).

Pure Python on numpy arrays: no Django, no clock (`now` is passed in).
"""

from samenkracht.core.matching.index import MatchIndex
from samenkracht.core.matching.model import ASK, OFFER, Listing, Match, Reason, Weights, slot_bit
from samenkracht.core.matching.text import Vocabulary

__all__ = [
    "ASK",
    "OFFER",
    "Listing",
    "Match",
    "MatchIndex",
    "Reason",
    "Vocabulary",
    "Weights",
    "slot_bit",
]

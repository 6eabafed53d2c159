"""The values the matching core takes and returns."""

from dataclasses import dataclass, fields

OFFER = "offer"
ASK = "ask"
KINDS = (OFFER, ASK)

DAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
PARTS_OF_DAY = ("ochtend", "middag", "avond")
SLOT_COUNT = len(DAYS) * len(PARTS_OF_DAY)


def slot_bit(day: int, part: int) -> int:
    """Return the availability bit of a day (0 = Monday) and part (0 = ochtend)."""
    return 1 << (day * len(PARTS_OF_DAY) + part)


@dataclass(frozen=True, slots=True)
class Listing:
    id: int
    kind: str
    title: str
    description: str
    category_id: int
    parent_category_id: int | None
    lat: float
    lon: float
    radius_km: float
    availability: int
    languages: frozenset[str]
    owner_id: int
    is_reciprocal: bool
    created_at: float
    success_rate: float = 0.5

    @property
    def top_category_id(self) -> int:
        return self.category_id if self.parent_category_id is None else self.parent_category_id


# A reason's parameters: what its Dutch `text` says, as values another language can word
# again. Tuples (not lists or dicts) keep a `Reason` hashable.
ParamValue = bool | int | tuple[int, ...] | tuple[str, ...] | tuple[tuple[str, str], ...]
Params = tuple[tuple[str, ParamValue], ...]


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason behind a match: `text` in plain Dutch, `params` for other languages."""

    code: str
    text: str
    weight: float
    params: Params = ()


@dataclass(frozen=True, slots=True)
class Match:
    listing_id: int
    score: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class Weights:
    """How much each signal counts; the score divides by the sum of the signal weights."""

    text: float = 0.30
    category: float = 0.20
    distance: float = 0.15
    time: float = 0.10
    language: float = 0.05
    reciprocity: float = 0.05
    fresh: float = 0.05
    track_record: float = 0.10
    related_category: float = 0.5
    distance_scale_km: float = 2.0
    fresh_half_life_days: float = 30.0
    bm25_k1: float = 1.2
    bm25_b: float = 0.75
    min_reason_weight: float = 0.005

    def signal_total(self) -> float:
        return float(sum(getattr(self, name) for name in SIGNALS))

    def __post_init__(self) -> None:
        for field in fields(self):
            if getattr(self, field.name) < 0:
                raise ValueError(f"weight {field.name} must not be negative")
        if self.signal_total() <= 0:
            raise ValueError("at least one signal weight must be positive")


SIGNALS = (
    "text",
    "category",
    "distance",
    "time",
    "language",
    "reciprocity",
    "fresh",
    "track_record",
)

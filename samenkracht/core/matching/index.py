"""The match index: offers and asks in numpy columns, searched for the best top-k."""

import math
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from samenkracht.core.geo import EARTH_RADIUS_KM
from samenkracht.core.matching import explain
from samenkracht.core.matching.model import (
    ASK,
    KINDS,
    OFFER,
    SIGNALS,
    Listing,
    Match,
    Reason,
    Weights,
)
from samenkracht.core.matching.storage import (
    Columns,
    ImpactArray,
    RowArray,
    RowList,
    RunArray,
    group_rows,
    runs_of,
)
from samenkracht.core.matching.text import TYPO_WEIGHT, Vocabulary, words

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180
CELL_KM = 2.0
CELL_OFFSET = 20_000  # keeps row and column positive for any latitude or longitude
CELL_STRIDE = 100_000
# Terms in more than this share of a kind's listings are not summed up front: a search
# bounds what they could add and sums them only for the rows that can still make it.
COMMON_TERM_SHARE = 0.02
MIN_COMMON_TERM_ROWS = 2000
# Looking a row up in a posting list costs about this many times summing one entry.
COMMON_LOOKUP_COST = 12
# BM25's average document length is frozen into the posting lists' impacts; it is
# refreshed (and the impacts recomputed) once the real average drifts this far from it.
AVERAGE_LENGTH_DRIFT = 0.02
# Summing a posting list only over the stretches in reach pays when it skips this share.
REACH_SKIP_SHARE = 0.25
# Signals that depend on the row alone; their weighted sum is kept in a column.
STATIC_SIGNALS = frozenset({"reciprocity", "track_record"})
MAX_LANGUAGES = 63
SECONDS_PER_DAY = 86_400.0
# Rounding in the sums must never let a row beat the bound it was pruned with.
BOUND_MARGIN = 1e-9
# Below this many eligible rows, scoring them all beats bounding their scores first.
PRUNE_MIN_ROWS = 2000
# How many rows with the best bounds are scored first; each later round takes 4x more.
FIRST_ROUND_ROWS = 1000
# From this many rows in reach, a search first looks at the candidates alone (rows of the
# same top category or with a rare query term) and bounds all the others at once.
CANDIDATES_MIN_ROWS = 50_000


@dataclass(slots=True)
class _KindIndex:
    postings: dict[int, RowList]
    document_frequency: dict[int, int]
    cell_rows: dict[int, RowList]
    top_rows: dict[int, RowList]  # rows per top category, to find same-category rows fast
    count: int = 0
    total_length: int = 0


@dataclass(slots=True)
class _QueryTerm:
    term_id: int
    weight: float  # query weight times idf
    rows: RowArray
    impacts: ImpactArray  # BM25 term-frequency part per entry
    max_impact: float  # at least the largest of them
    is_common: bool


@dataclass(slots=True)
class _Plan:
    query: Listing
    now: float
    target: int
    terms: list[_QueryTerm]
    max_text: float
    average_length: float
    words: list[tuple[str, dict[int, float]]]
    languages: int
    exclude_owners: IntArray
    category_ids: IntArray | None
    reach_km: float
    # The stretches of rows (start, end) in the grid cells in reach; None: every row.
    runs: tuple[RunArray, RunArray] | None = None
    # Posting lists summed into the accumulator so far (all of them once common_summed).
    summed: list[RowArray] = field(default_factory=list)
    common_summed: bool = False


@dataclass(slots=True)
class _Scored:
    rows: IntArray
    scores: FloatArray
    components: dict[str, FloatArray]
    distances: FloatArray


def haversine_km(lat: float, lon: float, lats: FloatArray, lons: FloatArray) -> FloatArray:
    """Return great-circle distances from one point to many, as `geo.distance_km` does."""
    lat1 = math.radians(lat)
    lat2 = np.radians(lats)
    half_dlat = (lat2 - lat1) / 2
    half_dlon = np.radians(lons - lon) / 2
    h = np.sin(half_dlat) ** 2 + math.cos(lat1) * np.cos(lat2) * np.sin(half_dlon) ** 2
    distances: FloatArray = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))
    return distances


def cell_keys(lats: FloatArray, lons: FloatArray) -> IntArray:
    """Return the grid cell of each point as one integer."""
    rows = np.floor(lats * (KM_PER_DEGREE / CELL_KM)).astype(np.int64)
    columns = np.floor(lons * (KM_PER_DEGREE / CELL_KM)).astype(np.int64)
    keys: IntArray = _cell_key(rows, columns)
    return keys


def _cell_key(row: Any, column: Any) -> Any:
    return (row + CELL_OFFSET) * CELL_STRIDE + (column + CELL_OFFSET)


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat * (KM_PER_DEGREE / CELL_KM)), math.floor(lon * (KM_PER_DEGREE / CELL_KM))


class MatchIndex:
    """Offers and asks, searchable for the best matches of a listing, with reasons.

    Rows live in numpy columns; each kind has posting lists per term (with each entry's
    BM25 part precomputed), row lists per 2 km grid cell and per top category, and a
    bulk load stores the rows cell by cell, and within a cell by top category. A search
    sums the query's rarer terms over the stretches of rows in reach only. With many
    rows in reach it first scores the candidates (rows of the query's top category or
    with a query term) and bounds all other rows at once (`_score_candidates`);
    otherwise, or when that bound does not decide, it bounds every row in reach from a
    few cheap columns. Either way it scores exactly only the rows whose bound can still
    beat the k-th best score (`_score_pruned`), and so returns the same answer as
    `search_exhaustive`.

    Removal marks a row dead; `compact` drops dead rows (`add_many` does so when a
    quarter of the rows is dead). Not safe for concurrent writers.
    """

    def __init__(
        self, *, vocabulary: Vocabulary | None = None, weights: Weights | None = None
    ) -> None:
        self.vocabulary = vocabulary if vocabulary is not None else Vocabulary()
        self.weights = weights if weights is not None else Weights()
        self._columns = Columns()
        self._row_of_id: dict[int, int] = {}
        self._titles: list[str] = []
        self._descriptions: list[str] = []
        self._kinds = [_KindIndex({}, {}, {}, {}) for _ in KINDS]
        # Each (category, top category) pair gets a small code, for the score bounds.
        self._category_pairs: dict[tuple[int, int], int] = {}
        self._static_weights = self.weights
        self._term_ids: dict[str, int] = {}
        self._cell_numbers: dict[int, int] = {}
        self._word_terms: dict[str, tuple[int, ...]] = {}
        self._word_terms_version = -1
        self._language_bits: dict[str, int] = {}
        self._doc_terms = np.zeros(1024, dtype=np.int32)
        self._doc_terms_size = 0
        self._dead = 0
        self._accumulator = np.zeros(0, dtype=np.float64)
        self._marks = np.zeros(0, dtype=np.bool_)
        self._impact_average = [0.0 for _ in KINDS]

    def __len__(self) -> int:
        return len(self._row_of_id)

    def __contains__(self, listing_id: object) -> bool:
        return listing_id in self._row_of_id

    # Writing

    def add(self, listing: Listing) -> None:
        """Index one listing (replacing one with the same id)."""
        self.add_many([listing], learn=False)

    def add_many(self, listings: Iterable[Listing], *, learn: bool = True) -> None:
        """Index many listings at once; with `learn`, learn compound parts from them first."""
        batch = list(listings)
        if not batch:
            return
        for listing in batch:
            _check(listing)
            if listing.id in self._row_of_id:
                self.remove(listing.id)
        if len({listing.id for listing in batch}) != len(batch):
            raise ValueError("listing ids in one batch must be unique")
        if len(batch) > 64:
            batch = _by_place(batch)
        if learn:
            self.vocabulary.learn(_texts(batch))
        if len(batch) > 64 and self._dead * 4 > self._columns.size:
            self.compact()
        first = self._columns.size
        rows = np.arange(first, first + len(batch), dtype=np.int64)
        self._store_columns(batch, first)
        term_lists = [self._document_terms(listing) for listing in batch]
        self._store_document_terms(term_lists, first)
        kinds = self._columns["kind"][first : first + len(batch)]
        flat_terms = np.fromiter(
            (term for terms in term_lists for term in terms),
            dtype=np.int64,
            count=sum(len(terms) for terms in term_lists),
        )
        term_rows = np.repeat(rows, [len(terms) for terms in term_lists])
        term_kinds = np.repeat(kinds, [len(terms) for terms in term_lists])
        for code, kind_index in enumerate(self._kinds):
            in_kind = kinds == code
            if not in_kind.any():
                continue
            selected = term_kinds == code
            self._extend_postings(kind_index, flat_terms[selected], term_rows[selected])
            kind_rows = rows[in_kind]
            cells = cell_keys(self._columns["lat"][kind_rows], self._columns["lon"][kind_rows])
            self._extend_groups(kind_index.cell_rows, cells, kind_rows)
            self._extend_groups(kind_index.top_rows, self._columns["top"][kind_rows], kind_rows)
            self._columns["cell"][kind_rows] = [
                self._cell_numbers.setdefault(key, len(self._cell_numbers))
                for key in cells.tolist()
            ]
            kind_index.count += len(kind_rows)
            kind_index.total_length += int(self._columns["length"][kind_rows].sum())
        for listing, row in zip(batch, rows.tolist(), strict=True):
            self._row_of_id[listing.id] = row
        if len(batch) > 64:
            # Headroom, so that a single `add` after a bulk load does not copy every column.
            self._columns.reserve(len(batch) // 4 + 1024)

    def remove(self, listing_id: int) -> None:
        """Remove a listing; unknown ids are ignored."""
        row = self._row_of_id.pop(listing_id, None)
        if row is None:
            return
        columns = self._columns
        columns["alive"][row] = False
        kind_index = self._kinds[int(columns["kind"][row])]
        kind_index.count -= 1
        kind_index.total_length -= int(columns["length"][row])
        start = int(columns["terms_start"][row])
        frequency = kind_index.document_frequency
        for term in self._doc_terms[start : start + int(columns["terms_count"][row])].tolist():
            frequency[term] -= 1
        self._dead += 1

    def compact(self) -> None:
        """Drop removed rows from every array and list."""
        if not self._dead:
            return
        columns = self._columns
        size = columns.size
        alive = columns["alive"][:size]
        new_row = np.full(size, -1, dtype=np.int64)
        new_row[alive] = np.arange(int(alive.sum()))
        old_starts = columns["terms_start"][:size][alive]
        old_counts = columns["terms_count"][:size][alive]
        keep_terms = np.repeat(old_starts, old_counts) + _ranges(old_counts)
        self._doc_terms = self._doc_terms[keep_terms].copy()
        self._doc_terms_size = len(self._doc_terms)
        for name, array in columns.arrays.items():
            columns.arrays[name] = array[:size][alive].copy()
        columns.size = len(columns["id"])
        columns["terms_start"][:] = np.cumsum(old_counts) - old_counts
        alive_rows = np.flatnonzero(alive)
        self._titles = [self._titles[row] for row in alive_rows.tolist()]
        self._descriptions = [self._descriptions[row] for row in alive_rows.tolist()]
        self._row_of_id = {int(key): row for row, key in enumerate(columns["id"].tolist())}
        for kind_index in self._kinds:
            for groups in (kind_index.postings, kind_index.cell_rows, kind_index.top_rows):
                for row_list in groups.values():
                    row_list.remap(new_row)
        self._dead = 0

    # Reading

    def search(
        self,
        query: Listing,
        *,
        k: int = 20,
        now: float,
        kind: str | None = None,
        max_distance_km: float | None = None,
        category_ids: frozenset[int] | None = None,
        exclude_owner_ids: frozenset[int] = frozenset(),
    ) -> list[Match]:
        """Return the k best matches for a listing, best first, each with its reasons."""
        plan = self._plan(query, now, kind, max_distance_km, category_ids, exclude_owner_ids)
        if k <= 0 or plan.reach_km < 0:
            return []
        in_reach = self._rows_in_reach(plan)
        self._accumulate_terms(plan, common=False)
        try:
            scored = None
            if len(in_reach) >= CANDIDATES_MIN_ROWS:
                scored = self._score_candidates(plan, k)
            if scored is None:
                scored = self._score_pruned(in_reach, plan, k)
            return self._matches(scored, k, plan)
        finally:
            self._clear_accumulator(plan)

    def search_exhaustive(
        self,
        query: Listing,
        *,
        k: int = 20,
        now: float,
        kind: str | None = None,
        max_distance_km: float | None = None,
        category_ids: frozenset[int] | None = None,
        exclude_owner_ids: frozenset[int] = frozenset(),
    ) -> list[Match]:
        """Score every indexed listing and return the k best: the ground truth for `search`."""
        plan = self._plan(query, now, kind, max_distance_km, category_ids, exclude_owner_ids)
        if k <= 0 or plan.reach_km < 0:
            return []
        self._accumulate_terms(plan, common=False)
        try:
            every_row = np.arange(self._columns.size, dtype=np.int64)
            return self._matches(self._score(every_row, plan), k, plan)
        finally:
            self._clear_accumulator(plan)

    # Indexing helpers

    def _store_columns(self, batch: list[Listing], first: int) -> None:
        columns = self._columns
        columns.reserve(len(batch))
        end = first + len(batch)

        def put(name: str, values: Iterator[Any]) -> None:
            columns[name][first:end] = np.fromiter(
                values, dtype=columns[name].dtype, count=len(batch)
            )

        put("id", (listing.id for listing in batch))
        put("kind", (KINDS.index(listing.kind) for listing in batch))
        put("category", (listing.category_id for listing in batch))
        put("top", (listing.top_category_id for listing in batch))
        put("lat", (listing.lat for listing in batch))
        put("lon", (listing.lon for listing in batch))
        put("radius", (listing.radius_km for listing in batch))
        put("availability", (listing.availability for listing in batch))
        put("languages", (self._language_mask(listing.languages, grow=True) for listing in batch))
        put("owner", (listing.owner_id for listing in batch))
        put("reciprocal", (listing.is_reciprocal for listing in batch))
        put("created", (listing.created_at for listing in batch))
        put("success", (min(1.0, max(0.0, listing.success_rate)) for listing in batch))
        pairs = self._category_pairs
        put(
            "pair",
            (
                pairs.setdefault((listing.category_id, listing.top_category_id), len(pairs))
                for listing in batch
            ),
        )
        columns["static"][first:end] = self._static_parts(first, end)
        columns["alive"][first:end] = True
        columns.size = end
        self._titles.extend(listing.title for listing in batch)
        self._descriptions.extend(listing.description for listing in batch)

    def _static_parts(self, first: int, end: int) -> FloatArray:
        """Return the parts of the score that depend on the row alone, weighted."""
        weights = self._static_weights
        columns = self._columns
        parts: FloatArray = (
            weights.reciprocity * columns["reciprocal"][first:end]
            + weights.track_record * columns["success"][first:end]
        )
        return parts

    def _document_terms(self, listing: Listing) -> list[int]:
        terms: list[int] = []
        for text in (listing.title, listing.description):
            for word in words(text):
                terms.extend(self._terms_of_word(word))
        return terms

    def _terms_of_word(self, word: str) -> tuple[int, ...]:
        if self._word_terms_version != self.vocabulary.version:
            self._word_terms.clear()
            self._word_terms_version = self.vocabulary.version
        terms = self._word_terms.get(word)
        if terms is None:
            token = self.vocabulary.token(word)
            terms = tuple(self._term_id(term) for term, _ in token.weighted_terms())
            self._word_terms[word] = terms
        return terms

    def _term_id(self, term: str) -> int:
        term_id = self._term_ids.get(term)
        if term_id is None:
            term_id = self._term_ids[term] = len(self._term_ids)
        return term_id

    def _store_document_terms(self, term_lists: list[list[int]], first: int) -> None:
        columns = self._columns
        unique_lists = [sorted(set(terms)) for terms in term_lists]
        counts = np.array([len(terms) for terms in unique_lists], dtype=np.int64)
        end = first + len(term_lists)
        columns["length"][first:end] = [len(terms) for terms in term_lists]
        columns["terms_count"][first:end] = counts
        columns["terms_start"][first:end] = self._doc_terms_size + np.cumsum(counts) - counts
        needed = self._doc_terms_size + int(counts.sum())
        if needed > len(self._doc_terms):
            # Headroom, so that a single `add` after a bulk load does not copy them all.
            grown = np.zeros(max(needed * 5 // 4, 2 * len(self._doc_terms)), dtype=np.int32)
            grown[: self._doc_terms_size] = self._doc_terms[: self._doc_terms_size]
            self._doc_terms = grown
        self._doc_terms[self._doc_terms_size : needed] = [
            term for terms in unique_lists for term in terms
        ]
        self._doc_terms_size = needed

    @staticmethod
    def _extend_postings(kind_index: _KindIndex, terms: IntArray, rows: IntArray) -> None:
        if len(terms) == 1 or (len(rows) and rows[0] == rows[-1]):
            for term, count in Counter(terms.tolist()).items():
                posting = kind_index.postings.get(term)
                if posting is None:
                    posting = kind_index.postings[term] = RowList()
                posting.append(int(rows[0]), count)
                kind_index.document_frequency[term] = kind_index.document_frequency.get(term, 0) + 1
            return
        keys, groups, counts = group_rows(terms, rows)
        frequency = kind_index.document_frequency
        for term, group, group_counts in zip(keys.tolist(), groups, counts, strict=True):
            posting = kind_index.postings.get(term)
            if posting is None:
                kind_index.postings[term] = RowList(group, group_counts)
            else:
                posting.extend(group, group_counts)
            frequency[term] = frequency.get(term, 0) + len(group)

    @staticmethod
    def _extend_groups(groups: dict[int, RowList], keys: IntArray, rows: IntArray) -> None:
        if len(rows) == 1:
            row_list = groups.get(int(keys[0]))
            if row_list is None:
                row_list = groups[int(keys[0])] = RowList()
            row_list.append(int(rows[0]))
            return
        group_keys, row_groups, counts = group_rows(keys, rows)
        for key, group, group_counts in zip(group_keys.tolist(), row_groups, counts, strict=True):
            row_list = groups.get(key)
            if row_list is None:
                groups[key] = RowList(group, group_counts)
            else:
                row_list.extend(group, group_counts)

    def _language_mask(self, languages: Iterable[str], *, grow: bool) -> int:
        mask = 0
        for code in languages:
            bit = self._language_bits.get(code)
            if bit is None and grow and len(self._language_bits) < MAX_LANGUAGES:
                bit = self._language_bits[code] = len(self._language_bits)
            if bit is not None:
                mask |= 1 << bit
        return mask

    # Searching helpers

    def _plan(
        self,
        query: Listing,
        now: float,
        kind: str | None,
        max_distance_km: float | None,
        category_ids: frozenset[int] | None,
        exclude_owner_ids: frozenset[int],
    ) -> _Plan:
        target_kind = kind if kind is not None else (OFFER if query.kind == ASK else ASK)
        if target_kind not in KINDS:
            raise ValueError(f"unknown kind {target_kind!r}")
        target = KINDS.index(target_kind)
        kind_index = self._kinds[target]
        weights = self.weights
        reach = (
            query.radius_km if max_distance_km is None else min(query.radius_km, max_distance_km)
        )
        query_words: list[tuple[str, dict[int, float]]] = []
        term_weights: dict[int, float] = {}
        count = max(kind_index.count, 0)
        for word in dict.fromkeys(words(query.title + "\n" + query.description)):
            weighted = self._weighted_terms(word, kind_index)
            if not weighted:
                for correction in self.vocabulary.corrections(word):
                    for term, weight in self._weighted_terms(correction, kind_index).items():
                        weighted[term] = max(weighted.get(term, 0.0), weight * TYPO_WEIGHT)
            with_idf: dict[int, float] = {}
            for term, weight in weighted.items():
                frequency = kind_index.document_frequency[term]
                idf = math.log(1 + (count - frequency + 0.5) / (frequency + 0.5))
                with_idf[term] = weight * idf
                term_weights[term] = max(term_weights.get(term, 0.0), weight * idf)
            if with_idf:
                query_words.append((word, with_idf))
        terms = []
        common = max(MIN_COMMON_TERM_ROWS, COMMON_TERM_SHARE * count)
        impact_key = (weights.bm25_k1, weights.bm25_b, self._average_length(target))
        lengths = self._columns["length"]
        for term in sorted(term_weights):
            posting = kind_index.postings[term]
            terms.append(
                _QueryTerm(
                    term,
                    term_weights[term],
                    posting.row_view(),
                    posting.impact_view(lengths, impact_key),
                    posting.max_impact,
                    posting.size > common,
                )
            )
        # Rare terms first: the text score is summed in this order on every path.
        terms.sort(key=lambda term: term.is_common)
        max_text = sum(term.weight for term in terms) * (weights.bm25_k1 + 1)
        return _Plan(
            query=query,
            now=now,
            target=target,
            terms=terms,
            max_text=max_text,
            average_length=impact_key[2],
            words=query_words,
            languages=self._language_mask(query.languages, grow=False),
            exclude_owners=np.array(sorted(exclude_owner_ids | {query.owner_id}), dtype=np.int64),
            category_ids=(
                None if category_ids is None else np.array(sorted(category_ids), dtype=np.int64)
            ),
            reach_km=reach,
        )

    def _average_length(self, target: int) -> float:
        """Return the average length BM25 uses for a kind: the real one, give or take 2%."""
        kind_index = self._kinds[target]
        real = kind_index.total_length / kind_index.count if kind_index.count > 0 else 1.0
        frozen = self._impact_average[target]
        if not frozen or abs(real - frozen) > AVERAGE_LENGTH_DRIFT * frozen:
            self._impact_average[target] = frozen = max(real, 1e-9)
        return frozen

    def _weighted_terms(self, word: str, kind_index: _KindIndex) -> dict[int, float]:
        weighted: dict[int, float] = {}
        for term, weight in self.vocabulary.token(word).weighted_terms():
            term_id = self._term_ids.get(term)
            if term_id is not None and kind_index.document_frequency.get(term_id, 0) > 0:
                weighted[term_id] = max(weighted.get(term_id, 0.0), weight)
        return weighted

    def _rows_in_reach(self, plan: _Plan) -> IntArray:
        """Return the rows of the grid cells in reach, and note their stretches in the plan."""
        cells = self._kinds[plan.target].cell_rows
        lists = [cells[key] for key in self._reach_keys(plan) if cells.get(key)]
        if not lists:
            plan.runs = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
            return np.zeros(0, dtype=np.int64)
        starts = np.concatenate([row_list.runs()[0] for row_list in lists])
        ends = np.concatenate([row_list.runs()[1] for row_list in lists])
        order = np.argsort(starts)
        starts, ends = starts[order], ends[order]
        # A bulk load stores rows cell by cell, so neighbouring cells join into one stretch.
        opens = np.r_[True, starts[1:] != ends[:-1]]
        plan.runs = (starts[opens], ends[np.r_[opens[1:], True]])
        return np.concatenate([row_list.row_view() for row_list in lists]).astype(np.int64)

    def _reach_keys(self, plan: _Plan) -> list[int]:
        """Return the keys of the grid cells that may hold rows within reach."""
        query = plan.query
        reach = max(plan.reach_km, 0.0)
        lat_margin = reach / KM_PER_DEGREE
        widest = max(0.01, math.cos(math.radians(min(89.0, abs(query.lat) + lat_margin))))
        lon_margin = reach / (KM_PER_DEGREE * widest)
        south, west = _cell(query.lat - lat_margin, query.lon - lon_margin)
        north, east = _cell(query.lat + lat_margin, query.lon + lon_margin)
        if (north - south + 1) * (east - west + 1) > len(self._cell_numbers):
            return [
                key
                for key in self._cell_numbers
                if south <= key // CELL_STRIDE - CELL_OFFSET <= north
                and west <= key % CELL_STRIDE - CELL_OFFSET <= east
            ]
        return [
            _cell_key(row, column)
            for row in range(south, north + 1)
            for column in range(west, east + 1)
        ]

    def _accumulate_terms(self, plan: _Plan, *, common: bool) -> None:
        """Add the BM25 parts of the rare (or the common) terms into the accumulator.

        The parts are added term by term in the plan's order, exactly as `_text_scores`
        adds those of the common terms, so a row's text score is the same either way.
        """
        if len(self._accumulator) < self._columns.capacity:
            self._accumulator = np.zeros(self._columns.capacity, dtype=np.float64)
        for term in plan.terms:
            if term.is_common != common:
                continue
            # Only rows in reach are ever scored: sum their stretches of the list alone.
            rows, impacts = self._in_reach(term.rows, plan, term.impacts)
            self._accumulator[rows] += term.weight * impacts
            plan.summed.append(rows)
        plan.common_summed = plan.common_summed or common

    def _clear_accumulator(self, plan: _Plan) -> None:
        for rows in plan.summed:
            self._accumulator[rows] = 0.0
        plan.summed.clear()

    def _score_candidates(self, plan: _Plan, k: int) -> _Scored | None:
        """Return the k best rows in reach if the candidates alone decide them, else None.

        The candidates are the rows in reach of the query's top category or with a rare
        query term. Every other row in reach scores nothing on category and at most the
        common terms on text, so one bound covers them all: when the k-th best candidate
        scores above it, they cannot make the top k (not even by a tie, which goes to the
        lower id) and are never looked at. If not, the rows with the heaviest common
        terms join the candidates until the bound of the rest is below the k-th best so
        far; if even that does not decide, the caller bounds every row in reach.
        """
        weights = self.weights
        total = weights.signal_total()
        if total <= 0 or min(weights.distance, weights.time, weights.language, weights.fresh) < 0:
            return None
        top_list = self._kinds[plan.target].top_rows.get(plan.query.top_category_id)
        category_rows = self._in_reach(top_list.row_view(), plan)[0] if top_list else None
        parts = [*plan.summed, *([category_rows] if category_rows is not None else [])]
        # Lightest first: when the rest needs a lower bound, the heaviest terms go first.
        untaken = sorted(
            (term for term in plan.terms if term.is_common),
            key=lambda term: term.weight * term.max_impact,
        )
        threshold = -math.inf
        for attempt in range(2):
            scored = self._score_pruned(self._union(parts), plan, k)
            if len(scored.scores) >= k:
                threshold = _kth_best(scored.scores, k)
                if threshold > self._others_bound(untaken, plan):
                    return scored
            if attempt or not untaken or plan.runs is None:
                return None
            # Take in the other rows with the heaviest common terms, until the bound of
            # the rest falls below the k-th best so far. Rows of the top category are in
            # already, and a bulk load stores them in one stretch per cell, so the lists
            # are read only outside those stretches.
            outside = plan.runs
            if category_rows is not None:
                outside = _runs_without(plan.runs, runs_of(category_rows))
            while untaken and self._others_bound(untaken, plan) >= threshold:
                parts.append(_rows_in_runs(untaken.pop().rows, outside))
        return None

    def _others_bound(self, common_terms: list[_QueryTerm], plan: _Plan) -> float:
        """Bound the score of a row outside the top category and without a rare term,
        whose text can hold only `common_terms`; a row's static part is at most the
        weights of reciprocity and track record (both are at most 1)."""
        weights = self.weights
        text = 0.0
        if plan.max_text:
            common = sum(term.weight * term.max_impact for term in common_terms)
            text = max(weights.text, 0.0) * min(common / plan.max_text, 1.0)
        return (
            weights.distance
            + max(weights.reciprocity, 0.0)
            + max(weights.track_record, 0.0)
            + weights.time
            + weights.language
            + weights.fresh
            + text
        ) / weights.signal_total() + BOUND_MARGIN

    @staticmethod
    def _entries_in_reach(terms: list[_QueryTerm], plan: _Plan) -> int:
        """Return how many entries of the terms' posting lists lie in reach."""
        if plan.runs is None:
            return sum(len(term.rows) for term in terms)
        runs = plan.runs
        return sum(int(_stretches(term.rows, runs)[1].sum()) for term in terms)

    def _in_reach(self, rows: RowArray, plan: _Plan, *extra: ImpactArray) -> tuple[Any, ...]:
        """Return the entries of a sorted row list (and of arrays beside it) in reach."""
        if plan.runs is None:
            return (rows, *extra)
        low, lengths = _stretches(rows, plan.runs)
        if int(lengths.sum()) >= (1 - REACH_SKIP_SHARE) * len(rows):
            return (rows, *extra)
        positions = _ranges(lengths) + np.repeat(low, lengths)
        return (rows[positions], *(array[positions] for array in extra))

    def _union(self, parts: list[RowArray]) -> IntArray:
        """Return the distinct rows of several row arrays, in row order."""
        if len(self._marks) < self._columns.capacity:
            self._marks = np.zeros(self._columns.capacity, dtype=np.bool_)
        for rows in parts:
            self._marks[rows] = True
        union: IntArray = np.flatnonzero(self._marks[: self._columns.size])
        self._marks[union] = False
        return union

    def _score_pruned(self, rows: IntArray, plan: _Plan, k: int) -> _Scored:
        """Score the rows that may be among the k best of `rows`, leaving out the rest.

        First a loose upper bound of every row's score, from a few cheap columns: the
        category part, the text of the rare terms plus the most the common terms could
        add, the weighted reciprocity and track record, the distance to the nearest
        edge of the row's grid cell, and full marks for time, language and freshness.
        The rows with the best bounds are scored exactly; the k-th best score so far is
        the threshold. Rows whose bound can still reach it get a tighter bound (exact
        text, time, language and freshness), and the survivors are scored in rounds,
        best bounds first, raising the threshold as they go.
        The k best are therefore those of `_score(rows)`.
        """
        if len(rows) <= max(PRUNE_MIN_ROWS, 4 * k):
            return self._score(rows, plan)
        bounds = self._loose_bounds(rows, plan)
        size = min(len(rows), max(FIRST_ROUND_ROWS, 4 * k))
        split = np.argpartition(bounds, len(rows) - size)
        first, rest = split[len(rows) - size :], split[: len(rows) - size]
        parts = [self._score(rows[first], plan)]
        threshold = _kth_best(parts[0].scores, k) if len(parts[0].scores) >= k else -math.inf
        rest = rest[bounds[rest] >= threshold]
        weights = self.weights
        total = weights.signal_total()
        if len(rest):
            loose = weights.time + weights.language + weights.fresh
            bounds[rest] += (self._other_scores(rows[rest], plan, static=False) - loose) / total
            rest = rest[bounds[rest] >= threshold]
        common = [term for term in plan.terms if term.is_common]
        if len(rest) and plan.max_text and weights.text and common:
            loose_text = self._loose_text_scores(rows[rest], plan)
            # Looking the common terms up for every row left costs more than summing
            # their posting lists (in reach) once when many rows are left.
            if not plan.common_summed and len(rest) * len(
                common
            ) * COMMON_LOOKUP_COST > self._entries_in_reach(common, plan):
                self._accumulate_terms(plan, common=True)
            exact_text = self._text_scores(rows[rest], plan)
            bounds[rest] += weights.text * (exact_text - loose_text) / total
            rest = rest[bounds[rest] >= threshold]
        size *= 4
        while len(rest):
            if len(rest) > size:
                split = np.argpartition(bounds[rest], len(rest) - size)
                taken, rest = rest[split[len(rest) - size :]], rest[split[: len(rest) - size]]
            else:
                taken, rest = rest, rest[:0]
            parts.append(self._score(rows[taken], plan))
            scores = np.concatenate([part.scores for part in parts])
            if len(scores) >= k:
                threshold = _kth_best(scores, k)
            rest = rest[bounds[rest] >= threshold]
            size *= 4
        return _merge(parts)

    def _loose_bounds(self, rows: IntArray, plan: _Plan) -> FloatArray:
        """Return an upper bound of `_score` for each row (eligible or not), plus a margin."""
        columns = self._columns
        weights = self.weights
        if self._static_weights != weights:
            self._static_weights = weights
            columns["static"][: columns.size] = self._static_parts(0, columns.size)
        total = weights.signal_total()
        pairs = np.zeros(max(len(self._category_pairs), 1), dtype=np.float64)
        query = plan.query
        for (category, top), code in self._category_pairs.items():
            if category == query.category_id:
                pairs[code] = weights.category
            elif top == query.top_category_id:
                pairs[code] = weights.category * weights.related_category
        bounds: FloatArray = pairs[columns["pair"][rows]]
        if plan.max_text and weights.text:
            bounds += weights.text * self._loose_text_scores(rows, plan)
        if weights.distance:
            nearest = self._cell_distance_bounds(plan)
            bounds += (weights.distance * np.exp(-nearest / weights.distance_scale_km))[
                columns["cell"][rows]
            ]
        bounds += columns["static"][rows]
        bounds += weights.time + weights.language + weights.fresh
        bounds /= total
        bounds += BOUND_MARGIN
        return bounds

    def _cell_distance_bounds(self, plan: _Plan) -> FloatArray:
        """Return, per cell number, a lower bound of the distance from the query in km."""
        keys = np.fromiter(self._cell_numbers, dtype=np.int64, count=len(self._cell_numbers))
        south = (keys // CELL_STRIDE - CELL_OFFSET) * (CELL_KM / KM_PER_DEGREE)
        west = (keys % CELL_STRIDE - CELL_OFFSET) * (CELL_KM / KM_PER_DEGREE)
        north = south + CELL_KM / KM_PER_DEGREE
        east = west + CELL_KM / KM_PER_DEGREE
        lat, lon = plan.query.lat, plan.query.lon
        # Along a meridian one degree is KM_PER_DEGREE everywhere; along a parallel it
        # shrinks with the cosine of the latitude, smallest at the cell's polar edge.
        lat_gap = np.maximum(np.maximum(south - lat, lat - north), 0.0)
        # Longitudes wrap around: measure to the cell's middle the short way round.
        middle = (west + east) / 2
        lon_gap = np.abs((lon - middle + 180.0) % 360.0 - 180.0) - (east - west) / 2
        lon_gap = np.clip(lon_gap, 0.0, 180.0)
        widest = np.maximum(np.abs(south), np.abs(north))
        shrink = np.cos(np.radians(np.minimum(np.maximum(widest, abs(lat)), 90.0)))
        half = np.radians(lon_gap) / 2
        across = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, shrink * np.sin(half)))
        nearest = np.maximum(lat_gap * KM_PER_DEGREE, across)
        # Latitudes beyond the poles would break both bounds: claim nothing there.
        nearest[(widest > 90.0) | (abs(lat) > 90.0)] = 0.0
        # Cells are found by flooring, so a row may sit a hair outside its cell's edges.
        bounds: FloatArray = np.maximum(nearest * (1 - 1e-9) - 1e-6, 0.0)
        return bounds

    def _eligible(self, rows: IntArray, plan: _Plan) -> npt.NDArray[np.bool_]:
        columns = self._columns
        eligible: npt.NDArray[np.bool_] = (
            columns["alive"][rows]
            & (columns["kind"][rows] == plan.target)
            & ~np.isin(columns["owner"][rows], plan.exclude_owners)
        )
        if plan.category_ids is not None:
            eligible &= np.isin(columns["category"][rows], plan.category_ids) | np.isin(
                columns["top"][rows], plan.category_ids
            )
        return eligible

    def _score(self, rows: IntArray, plan: _Plan) -> _Scored:
        """Score the eligible rows among `rows` with the one scoring function."""
        return self._score_eligible(rows[self._eligible(rows, plan)], plan)

    def _score_eligible(self, rows: IntArray, plan: _Plan) -> _Scored:
        columns = self._columns
        query = plan.query
        weights = self.weights
        distances = haversine_km(query.lat, query.lon, columns["lat"][rows], columns["lon"][rows])
        within = distances <= np.minimum(columns["radius"][rows], plan.reach_km)
        rows, distances = rows[within], distances[within]
        components = {
            "text": self._text_scores(rows, plan),
            "category": self._category_scores(rows, query),
            "distance": np.exp(-distances / weights.distance_scale_km),
            **self._other_components(rows, plan),
        }
        scores = np.zeros(len(rows), dtype=np.float64)
        for name, values in components.items():
            scores += getattr(weights, name) * values
        scores = np.clip(scores / weights.signal_total(), 0.0, 1.0)
        return _Scored(rows, scores, components, distances)

    def _category_scores(self, rows: IntArray, query: Listing) -> FloatArray:
        columns = self._columns
        scores: FloatArray = np.where(
            columns["category"][rows] == query.category_id,
            1.0,
            np.where(
                columns["top"][rows] == query.top_category_id, self.weights.related_category, 0.0
            ),
        )
        return scores

    def _other_components(self, rows: IntArray, plan: _Plan) -> dict[str, FloatArray]:
        """Return the signals that need neither the text nor the distance."""
        columns = self._columns
        weights = self.weights
        return {
            "time": self._time_scores(rows, plan.query.availability),
            "language": ((columns["languages"][rows] & plan.languages) != 0).astype(np.float64),
            "reciprocity": columns["reciprocal"][rows].astype(np.float64),
            "fresh": np.exp2(
                -np.maximum(plan.now - columns["created"][rows], 0.0)
                / (weights.fresh_half_life_days * SECONDS_PER_DAY)
            ),
            "track_record": columns["success"][rows],
        }

    def _other_scores(self, rows: IntArray, plan: _Plan, *, static: bool) -> FloatArray:
        """Return the weighted sum of the other signals (without the static ones, or with)."""
        scores = np.zeros(len(rows), dtype=np.float64)
        for name, values in self._other_components(rows, plan).items():
            if static or name not in STATIC_SIGNALS:
                scores += getattr(self.weights, name) * values
        return scores

    def _text_scores(self, rows: IntArray, plan: _Plan) -> FloatArray:
        if not plan.max_text or not len(rows):
            return np.zeros(len(rows), dtype=np.float64)
        text = self._accumulator[rows]
        common_terms = [] if plan.common_summed else [t for t in plan.terms if t.is_common]
        for term in common_terms:
            positions = np.searchsorted(term.rows, rows)
            positions[positions == len(term.rows)] = 0
            hit = term.rows[positions] == rows
            text[hit] += term.weight * term.impacts[positions[hit]]
        scores: FloatArray = np.minimum(text / plan.max_text, 1.0)
        return scores

    def _loose_text_scores(self, rows: IntArray, plan: _Plan) -> FloatArray:
        """Return the text score a row would get if it had every common term as well."""
        common = 0.0
        if not plan.common_summed:
            common = sum(term.weight * term.max_impact for term in plan.terms if term.is_common)
        text = self._accumulator[rows] + common
        scores: FloatArray = np.minimum(text / plan.max_text, 1.0)
        return scores

    def _time_scores(self, rows: IntArray, query_bits: int) -> FloatArray:
        if not query_bits:
            return np.ones(len(rows), dtype=np.float64)
        bits = self._columns["availability"][rows]
        shared = np.bitwise_count(bits & query_bits).astype(np.float64)
        return np.where(bits == 0, 1.0, shared / query_bits.bit_count())

    def _matches(self, scored: _Scored, k: int, plan: _Plan) -> list[Match]:
        if not len(scored.rows):
            return []
        chosen = _top(scored.scores, self._columns["id"][scored.rows], k)
        rows = scored.rows[chosen]
        columns = self._columns
        weights = self.weights
        total = weights.signal_total()
        # Each signal's share of the score, per chosen row, as Python floats.
        shares = {
            name: (getattr(weights, name) * scored.components[name][chosen] / total).tolist()
            for name in SIGNALS
        }
        query_terms = {term for _, terms in plan.words for term in terms}
        return [
            Match(
                listing_id=listing_id,
                score=score,
                reasons=self._reasons(
                    row=row,
                    position=position,
                    shares=shares,
                    distance=distance,
                    availability=availability,
                    languages=languages,
                    reciprocal=reciprocal,
                    created=created,
                    success=success,
                    query_terms=query_terms,
                    plan=plan,
                ),
            )
            for position, (
                row,
                listing_id,
                score,
                distance,
                availability,
                languages,
                reciprocal,
                created,
                success,
            ) in enumerate(
                zip(
                    rows.tolist(),
                    columns["id"][rows].tolist(),
                    scored.scores[chosen].tolist(),
                    scored.distances[chosen].tolist(),
                    columns["availability"][rows].tolist(),
                    columns["languages"][rows].tolist(),
                    columns["reciprocal"][rows].tolist(),
                    columns["created"][rows].tolist(),
                    columns["success"][rows].tolist(),
                    strict=True,
                )
            )
        ]

    def _reasons(
        self,
        *,
        row: int,
        position: int,
        shares: dict[str, list[float]],
        distance: float,
        availability: int,
        languages: int,
        reciprocal: bool,
        created: float,
        success: float,
        query_terms: set[int],
        plan: _Plan,
    ) -> tuple[Reason, ...]:
        weights = self.weights
        query = plan.query
        explained: dict[str, explain.Explained | None] = {}
        if shares["category"][position]:
            same = shares["category"][position] == weights.category / weights.signal_total()
            explained["category"] = explain.SAME_CATEGORY if same else explain.RELATED_CATEGORY
        explained["distance"] = explain.distance_explained(distance)
        if shares["time"][position]:
            explained["time"] = explain.time_explained(query.availability, availability)
        if shares["text"][position]:
            explained["text"] = explain.words_explained(self._word_pairs(row, plan, query_terms))
        shared_languages = self._shared_languages(query.languages, languages)
        if shared_languages:
            explained["language"] = explain.language_explained(shared_languages)
        if reciprocal:
            explained["reciprocity"] = explain.RECIPROCITY
        explained["fresh"] = explain.fresh_explained((plan.now - created) / SECONDS_PER_DAY)
        explained["track_record"] = explain.track_record_explained(success)
        reasons = []
        for name, item in explained.items():
            contribution = shares[name][position]
            if item and contribution >= weights.min_reason_weight:
                code = "words" if name == "text" else name
                text, params = item
                reasons.append(Reason(code, text, round(contribution, 4), params))
        reasons.sort(key=lambda reason: -reason.weight)
        return tuple(reasons)

    def _word_pairs(self, row: int, plan: _Plan, query_terms: set[int]) -> list[tuple[str, str]]:
        document_words: dict[int, list[str]] = {}
        text = self._titles[row] + "\n" + self._descriptions[row]
        for word in dict.fromkeys(words(text)):
            for term in self._terms_of_word(word):
                if term in query_terms:
                    document_words.setdefault(term, []).append(word)
        pairs: dict[tuple[str, str], float] = {}
        for query_word, terms in plan.words:
            for term, weight in terms.items():
                for document_word in document_words.get(term, ()):
                    key = (query_word, document_word)
                    pairs[key] = max(pairs.get(key, 0.0), weight)
        ranked = sorted(pairs.items(), key=lambda item: (-item[1], item[0][0] != item[0][1]))
        shown: list[tuple[str, str]] = []
        seen: set[str] = set()
        for (query_word, document_word), _ in ranked:
            if query_word not in seen:
                shown.append((query_word, document_word))
                seen.add(query_word)
        return shown

    def _shared_languages(self, languages: frozenset[str], mask: int) -> list[str]:
        return [
            code
            for code in languages
            if code in self._language_bits and mask & (1 << self._language_bits[code])
        ]


def _check(listing: Listing) -> None:
    if listing.kind not in KINDS:
        raise ValueError(f"unknown kind {listing.kind!r}")
    if not (math.isfinite(listing.lat) and math.isfinite(listing.lon)):
        raise ValueError("lat and lon must be finite")
    if not listing.radius_km >= 0:
        raise ValueError("radius_km must not be negative")


def _by_place(batch: list[Listing]) -> list[Listing]:
    """Order a batch by kind, grid cell and top category: the rows of a cell, and of a
    top category in it, are adjacent.

    Row order never changes a result (ties go to the lower id), but a search then reads
    a few contiguous stretches of every column instead of rows spread over all of it.
    """
    lats = np.fromiter((listing.lat for listing in batch), dtype=np.float64, count=len(batch))
    lons = np.fromiter((listing.lon for listing in batch), dtype=np.float64, count=len(batch))
    kinds = np.fromiter(
        (KINDS.index(listing.kind) for listing in batch), dtype=np.int64, count=len(batch)
    )
    tops = np.fromiter(
        (listing.top_category_id for listing in batch), dtype=np.int64, count=len(batch)
    )
    order = np.lexsort((tops, cell_keys(lats, lons), kinds))
    return [batch[position] for position in order.tolist()]


def _texts(batch: list[Listing]) -> Iterator[str]:
    for listing in batch:
        yield listing.title
        yield listing.description


def _runs_without(
    runs: tuple[RunArray, RunArray], holes: tuple[RunArray, RunArray]
) -> tuple[RunArray, RunArray]:
    """Return the parts of the stretches `runs` that lie outside the stretches `holes`."""
    points = np.concatenate([runs[0], runs[1], holes[0], holes[1]])
    steps = np.concatenate(
        [
            np.ones(len(runs[0]), dtype=np.int64),
            -np.ones(len(runs[1]), dtype=np.int64),
            -np.ones(len(holes[0]), dtype=np.int64),
            np.ones(len(holes[1]), dtype=np.int64),
        ]
    )
    unique, inverse = np.unique(points, return_inverse=True)
    deltas = np.zeros(len(unique), dtype=np.int64)
    np.add.at(deltas, inverse, steps)
    # Runs do not overlap, nor do holes: inside a run and outside every hole the sum is 1.
    inside = np.cumsum(deltas)[:-1] == 1
    return unique[:-1][inside], unique[1:][inside]


def _stretches(rows: RowArray, runs: tuple[RunArray, RunArray]) -> tuple[IntArray, IntArray]:
    """Return, per stretch of `runs`, where its entries start in sorted `rows` and how many."""
    low: IntArray = np.searchsorted(rows, runs[0])
    lengths: IntArray = np.searchsorted(rows, runs[1]) - low
    return low, lengths


def _rows_in_runs(rows: RowArray, runs: tuple[RunArray, RunArray]) -> RowArray:
    """Return the entries of a sorted row list that fall in the stretches `runs`."""
    low, lengths = _stretches(rows, runs)
    found: RowArray = rows[_ranges(lengths) + np.repeat(low, lengths)]
    return found


def _ranges(counts: npt.NDArray[np.integer[Any]]) -> IntArray:
    """Return 0..n-1 for every n in counts, concatenated."""
    ends = np.cumsum(counts, dtype=np.int64)
    ranges: IntArray = np.arange(int(ends[-1]) if len(ends) else 0, dtype=np.int64)
    ranges -= np.repeat(ends - counts, counts)
    return ranges


def _merge(parts: list[_Scored]) -> _Scored:
    if len(parts) == 1:
        return parts[0]
    return _Scored(
        np.concatenate([part.rows for part in parts]),
        np.concatenate([part.scores for part in parts]),
        {
            name: np.concatenate([part.components[name] for part in parts])
            for name in parts[0].components
        },
        np.concatenate([part.distances for part in parts]),
    )


def _kth_best(scores: FloatArray, k: int) -> float:
    return float(np.partition(scores, len(scores) - k)[len(scores) - k])


def _top(scores: FloatArray, ids: IntArray, k: int) -> IntArray:
    """Return positions of the k best scores, best first, ties broken by lower id."""
    if len(scores) > k:
        threshold = _kth_best(scores, k)
        contenders = np.flatnonzero(scores >= threshold)
    else:
        contenders = np.arange(len(scores))
    order = np.lexsort((ids[contenders], -scores[contenders]))
    chosen: IntArray = contenders[order[:k]]
    return chosen

"""The match index: offers and asks in numpy columns, searched for the best top-k."""

import math
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from samenkracht.core.geo import EARTH_RADIUS_KM
from samenkracht.core.matching import explain
from samenkracht.core.matching.model import ASK, KINDS, OFFER, Listing, Match, Reason, Weights
from samenkracht.core.matching.storage import Columns, RowArray, RowList, group_rows
from samenkracht.core.matching.text import TYPO_WEIGHT, Vocabulary, words

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180
CELL_KM = 2.0
CELL_OFFSET = 20_000  # keeps row and column positive for any latitude or longitude
CELL_STRIDE = 100_000
# Below this many rows in the cells around a query, scoring them all beats pruning.
GEO_SCAN_ROWS = 30_000
# Terms in more than this share of a kind's listings do not nominate candidates.
COMMON_TERM_SHARE = 0.02
MIN_COMMON_TERM_ROWS = 2000
MAX_LANGUAGES = 63
SECONDS_PER_DAY = 86_400.0
# Rounding in the sums must never let a row beat the bound it was pruned with.
BOUND_MARGIN = 1e-9


@dataclass(slots=True)
class _KindIndex:
    postings: dict[int, RowList]
    document_frequency: dict[int, int]
    leaf_rows: dict[int, RowList]
    top_rows: dict[int, RowList]
    cell_rows: dict[int, RowList]
    count: int = 0
    total_length: int = 0


@dataclass(slots=True)
class _QueryTerm:
    term_id: int
    weight: float  # query weight times idf
    rows: RowArray
    counts: npt.NDArray[np.uint16]
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

    Rows live in numpy columns; each kind has posting lists per term, row lists per
    category and per 2 km grid cell. A search nominates candidates from the query's
    rarer terms and its category, scores them exactly and proves that no other row can
    beat the k-th score; when it cannot prove that, it scores every row in reach. The
    answer is therefore the same as `search_exhaustive`'s.

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
        self._kinds = [_KindIndex({}, {}, {}, {}, {}) for _ in KINDS]
        self._term_ids: dict[str, int] = {}
        self._cell_numbers: dict[int, int] = {}
        self._word_terms: dict[str, tuple[int, ...]] = {}
        self._word_terms_version = -1
        self._language_bits: dict[str, int] = {}
        self._doc_terms = np.zeros(1024, dtype=np.int32)
        self._doc_terms_size = 0
        self._dead = 0
        self._accumulator = np.zeros(0, dtype=np.float64)
        self._first_position = np.zeros(0, dtype=np.int64)

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
            self._extend_groups(
                kind_index.leaf_rows, self._columns["category"][kind_rows], kind_rows
            )
            self._extend_groups(kind_index.top_rows, self._columns["top"][kind_rows], kind_rows)
            cells = cell_keys(self._columns["lat"][kind_rows], self._columns["lon"][kind_rows])
            self._extend_groups(kind_index.cell_rows, cells, kind_rows)
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
            for groups in (
                kind_index.postings,
                kind_index.leaf_rows,
                kind_index.top_rows,
                kind_index.cell_rows,
            ):
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
        touched = self._accumulate_rare_terms(plan)
        try:
            in_reach = self._rows_in_reach(plan)
            if len(in_reach) <= GEO_SCAN_ROWS:
                return self._matches(self._score(in_reach, plan), k, plan)
            threshold = -1.0
            for _ in range(2):
                candidates, bound = self._candidates(plan, threshold)
                scored = self._score(candidates, plan)
                if len(scored.scores) >= k:
                    threshold = _kth_best(scored.scores, k)
                    if threshold > bound:
                        return self._matches(scored, k, plan)
            return self._matches(self._score(in_reach, plan), k, plan)
        finally:
            self._accumulator[touched] = 0.0

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
        touched = self._accumulate_rare_terms(plan)
        try:
            every_row = np.arange(self._columns.size, dtype=np.int64)
            return self._matches(self._score(every_row, plan), k, plan)
        finally:
            self._accumulator[touched] = 0.0

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
        columns["alive"][first:end] = True
        columns.size = end
        self._titles.extend(listing.title for listing in batch)
        self._descriptions.extend(listing.description for listing in batch)

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
            grown = np.zeros(max(needed, 2 * len(self._doc_terms)), dtype=np.int32)
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
        for term in sorted(term_weights):
            posting = kind_index.postings[term]
            terms.append(
                _QueryTerm(
                    term,
                    term_weights[term],
                    posting.row_view(),
                    posting.count_view(),
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
            average_length=kind_index.total_length / count if count else 1.0,
            words=query_words,
            languages=self._language_mask(query.languages, grow=False),
            exclude_owners=np.array(sorted(exclude_owner_ids | {query.owner_id}), dtype=np.int64),
            category_ids=(
                None if category_ids is None else np.array(sorted(category_ids), dtype=np.int64)
            ),
            reach_km=reach,
        )

    def _weighted_terms(self, word: str, kind_index: _KindIndex) -> dict[int, float]:
        weighted: dict[int, float] = {}
        for term, weight in self.vocabulary.token(word).weighted_terms():
            term_id = self._term_ids.get(term)
            if term_id is not None and kind_index.document_frequency.get(term_id, 0) > 0:
                weighted[term_id] = max(weighted.get(term_id, 0.0), weight)
        return weighted

    def _rows_in_reach(self, plan: _Plan) -> IntArray:
        cells = self._kinds[plan.target].cell_rows
        parts = [cells[key].row_view() for key in self._reach_keys(plan) if key in cells]
        if not parts:
            return np.zeros(0, dtype=np.int64)
        return np.concatenate(parts).astype(np.int64)

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

    def _candidates(self, plan: _Plan, threshold: float) -> tuple[IntArray, float]:
        """Nominate rows in reach and return them with a bound on every other row's score.

        The rare terms and the query's own category always nominate. Without a known
        threshold that is all; with one, the common terms and the related categories
        nominate too, the weightiest first, until the rows left out cannot reach it.
        """
        weights = self.weights
        total = weights.signal_total()
        query = plan.query
        kind_index = self._kinds[plan.target]
        sources: list[RowArray] = [term.rows for term in plan.terms if not term.is_common]
        optional: list[tuple[float, RowArray]] = [
            (
                weights.text * term.weight * (weights.bm25_k1 + 1) / plan.max_text / total,
                term.rows,
            )
            for term in plan.terms
            if term.is_common
        ]
        top_rows = kind_index.top_rows.get(query.top_category_id)
        if query.parent_category_id is None:
            if top_rows is not None:
                sources.append(top_rows.row_view())
        else:
            leaf_rows = kind_index.leaf_rows.get(query.category_id)
            if leaf_rows is not None:
                sources.append(leaf_rows.row_view())
            optional.append(
                (
                    weights.category * weights.related_category / total,
                    top_rows.row_view() if top_rows is not None else np.zeros(0, np.int32),
                )
            )
        bound = (
            weights.distance
            + weights.time
            + (weights.language if plan.languages else 0.0)
            + weights.reciprocity
            + weights.fresh
            + weights.track_record
        ) / total + sum(share for share, _ in optional)
        optional.sort(key=lambda item: -item[0])
        for share, rows in optional:
            if threshold < 0 or bound + BOUND_MARGIN < threshold:
                break
            sources.append(rows)
            bound -= share
        if sources:
            nominated = np.concatenate(sources)
            nominated = nominated[self._reach_lookup(plan)[self._columns["cell"][nominated]]]
        else:
            nominated = np.zeros(0, dtype=np.int32)
        return self._unique(nominated), bound + BOUND_MARGIN

    def _unique(self, rows: RowArray) -> IntArray:
        """Drop repeated rows without sorting."""
        if len(self._first_position) < self._columns.capacity:
            self._first_position = np.zeros(self._columns.capacity, dtype=np.int64)
        positions = np.arange(len(rows), dtype=np.int64)
        self._first_position[rows[::-1]] = positions[::-1]
        unique: IntArray = rows[self._first_position[rows] == positions].astype(np.int64)
        return unique

    def _reach_lookup(self, plan: _Plan) -> npt.NDArray[np.bool_]:
        lookup = np.zeros(len(self._cell_numbers), dtype=np.bool_)
        for key in self._reach_keys(plan):
            number = self._cell_numbers.get(key)
            if number is not None:
                lookup[number] = True
        return lookup

    def _accumulate_rare_terms(self, plan: _Plan) -> RowArray:
        """Add the BM25 parts of the rare terms into the accumulator; return touched rows."""
        if len(self._accumulator) < self._columns.capacity:
            self._accumulator = np.zeros(self._columns.capacity, dtype=np.float64)
        k1, b = self.weights.bm25_k1, self.weights.bm25_b
        lengths = self._columns["length"]
        touched = []
        for term in plan.terms:
            if term.is_common:
                break
            length_factor = k1 * (1 - b + b * lengths[term.rows] / plan.average_length)
            counts = term.counts.astype(np.float64)
            self._accumulator[term.rows] += (
                term.weight * counts * (k1 + 1) / (counts + length_factor)
            )
            touched.append(term.rows)
        return np.concatenate(touched) if touched else np.zeros(0, dtype=np.int32)

    def _score(self, rows: IntArray, plan: _Plan) -> _Scored:
        """Score the eligible rows among `rows` with the one scoring function."""
        columns = self._columns
        query = plan.query
        weights = self.weights
        eligible = (
            columns["alive"][rows]
            & (columns["kind"][rows] == plan.target)
            & ~np.isin(columns["owner"][rows], plan.exclude_owners)
        )
        if plan.category_ids is not None:
            eligible &= np.isin(columns["category"][rows], plan.category_ids) | np.isin(
                columns["top"][rows], plan.category_ids
            )
        rows = rows[eligible]
        distances = haversine_km(query.lat, query.lon, columns["lat"][rows], columns["lon"][rows])
        within = distances <= np.minimum(columns["radius"][rows], plan.reach_km)
        rows, distances = rows[within], distances[within]
        components = {
            "text": self._text_scores(rows, plan),
            "category": np.where(
                columns["category"][rows] == query.category_id,
                1.0,
                np.where(
                    columns["top"][rows] == query.top_category_id, weights.related_category, 0.0
                ),
            ),
            "distance": np.exp(-distances / weights.distance_scale_km),
            "time": self._time_scores(rows, query.availability),
            "language": ((columns["languages"][rows] & plan.languages) != 0).astype(np.float64),
            "reciprocity": columns["reciprocal"][rows].astype(np.float64),
            "fresh": np.exp2(
                -np.maximum(plan.now - columns["created"][rows], 0.0)
                / (weights.fresh_half_life_days * SECONDS_PER_DAY)
            ),
            "track_record": columns["success"][rows],
        }
        scores = np.zeros(len(rows), dtype=np.float64)
        for name, values in components.items():
            scores += getattr(weights, name) * values
        scores = np.clip(scores / weights.signal_total(), 0.0, 1.0)
        return _Scored(rows, scores, components, distances)

    def _text_scores(self, rows: IntArray, plan: _Plan) -> FloatArray:
        if not plan.max_text or not len(rows):
            return np.zeros(len(rows), dtype=np.float64)
        text = self._accumulator[rows]
        k1, b = self.weights.bm25_k1, self.weights.bm25_b
        common_terms = [term for term in plan.terms if term.is_common]
        if common_terms:
            length_factor = k1 * (1 - b + b * self._columns["length"][rows] / plan.average_length)
        for term in common_terms:
            positions = np.searchsorted(term.rows, rows)
            positions[positions == len(term.rows)] = 0
            hit = term.rows[positions] == rows
            counts = term.counts[positions[hit]].astype(np.float64)
            text[hit] += term.weight * counts * (k1 + 1) / (counts + length_factor[hit])
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
        return [
            Match(
                listing_id=int(self._columns["id"][scored.rows[position]]),
                score=float(scored.scores[position]),
                reasons=self._reasons(scored, int(position), plan),
            )
            for position in chosen.tolist()
        ]

    def _reasons(self, scored: _Scored, position: int, plan: _Plan) -> tuple[Reason, ...]:
        weights = self.weights
        total = weights.signal_total()
        row = int(scored.rows[position])
        columns = self._columns
        query = plan.query
        texts: dict[str, str | None] = {}
        category = scored.components["category"][position]
        if category:
            texts["category"] = (
                explain.SAME_CATEGORY_TEXT if category == 1.0 else explain.RELATED_CATEGORY_TEXT
            )
        texts["distance"] = explain.distance_text(float(scored.distances[position]))
        if scored.components["time"][position]:
            texts["time"] = explain.time_text(query.availability, int(columns["availability"][row]))
        if scored.components["text"][position]:
            texts["text"] = explain.words_text(self._word_pairs(row, plan)) or None
        shared_languages = self._shared_languages(query.languages, int(columns["languages"][row]))
        if shared_languages:
            texts["language"] = explain.language_text(shared_languages)
        if columns["reciprocal"][row]:
            texts["reciprocity"] = explain.RECIPROCITY_TEXT
        age_days = (plan.now - float(columns["created"][row])) / SECONDS_PER_DAY
        texts["fresh"] = explain.fresh_text(age_days)
        texts["track_record"] = explain.track_record_text(float(columns["success"][row]))
        reasons = []
        for name, text in texts.items():
            contribution = getattr(weights, name) * float(scored.components[name][position]) / total
            if text and contribution >= weights.min_reason_weight:
                code = "words" if name == "text" else name
                reasons.append(Reason(code, text, round(contribution, 4)))
        reasons.sort(key=lambda reason: -reason.weight)
        return tuple(reasons)

    def _word_pairs(self, row: int, plan: _Plan) -> list[tuple[str, str]]:
        document_words: dict[int, list[str]] = {}
        for text in (self._titles[row], self._descriptions[row]):
            for word in words(text):
                for term in self._terms_of_word(word):
                    bucket = document_words.setdefault(term, [])
                    if word not in bucket:
                        bucket.append(word)
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


def _texts(batch: list[Listing]) -> Iterator[str]:
    for listing in batch:
        yield listing.title
        yield listing.description


def _ranges(counts: npt.NDArray[np.int32]) -> IntArray:
    """Return 0..n-1 for every n in counts, concatenated."""
    ends = np.cumsum(counts, dtype=np.int64)
    ranges: IntArray = np.arange(int(ends[-1]) if len(ends) else 0, dtype=np.int64)
    return ranges - np.repeat(ends - counts, counts)


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

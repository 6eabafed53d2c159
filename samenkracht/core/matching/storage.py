"""Growable numpy storage for the match index: row columns and row lists."""

from typing import Any

import numpy as np
import numpy.typing as npt

RowArray = npt.NDArray[np.int32]
CountArray = npt.NDArray[np.uint16]
ImpactArray = npt.NDArray[np.float32]
RunArray = npt.NDArray[np.int64]

COLUMN_TYPES: dict[str, type[np.generic]] = {
    "id": np.int64,
    "kind": np.int8,
    "category": np.int64,
    "top": np.int64,
    "lat": np.float64,
    "lon": np.float64,
    "radius": np.float64,
    "availability": np.int64,
    "languages": np.int64,
    "owner": np.int64,
    "reciprocal": np.bool_,
    "created": np.float64,
    "success": np.float64,
    "alive": np.bool_,
    "length": np.int64,
    "terms_start": np.int64,
    "terms_count": np.int32,
    "cell": np.int32,
    "pair": np.int32,
    "static": np.float64,
}


class Columns:
    """Structure-of-arrays storage of the rows, doubled in size when full."""

    def __init__(self, capacity: int = 1024) -> None:
        self.size = 0
        self.arrays: dict[str, npt.NDArray[Any]] = {
            name: np.zeros(capacity, dtype=dtype) for name, dtype in COLUMN_TYPES.items()
        }

    @property
    def capacity(self) -> int:
        return len(self.arrays["id"])

    def reserve(self, extra: int) -> None:
        """Make room for `extra` more rows."""
        needed = self.size + extra
        if needed <= self.capacity:
            return
        capacity = max(needed, self.capacity * 5 // 4)
        for name, array in self.arrays.items():
            grown = np.zeros(capacity, dtype=array.dtype)
            grown[: self.size] = array[: self.size]
            self.arrays[name] = grown

    def __getitem__(self, name: str) -> npt.NDArray[Any]:
        return self.arrays[name]


class RowList:
    """Sorted row numbers with a count each (term frequency), appended in row order.

    A posting list also keeps each entry's BM25 term-frequency part (`impact_view`), so
    that a search multiplies and adds instead of recomputing it from lengths; a grid
    cell's list keeps the stretches of consecutive rows it covers (`runs`).
    """

    __slots__ = (
        "_impact_key",
        "_runs",
        "counts",
        "impact_size",
        "impacts",
        "max_impact",
        "rows",
        "size",
    )

    def __init__(self, rows: RowArray | None = None, counts: CountArray | None = None) -> None:
        self.rows: RowArray = rows if rows is not None else np.zeros(4, dtype=np.int32)
        self.counts: CountArray = counts if counts is not None else np.zeros(4, dtype=np.uint16)
        self.size = 0 if rows is None else len(rows)
        self.impacts: ImpactArray = np.zeros(0, dtype=np.float32)
        self.impact_size = 0
        # At least every impact (removed entries may have raised it): a bound, not a max.
        self.max_impact = 0.0
        self._impact_key: tuple[float, ...] = ()
        self._runs: tuple[RunArray, RunArray] | None = None

    def append(self, row: int, count: int = 1) -> None:
        self._runs = None
        if self.size == len(self.rows):
            self._grow(self.size + 1)
        self.rows[self.size] = row
        self.counts[self.size] = min(count, 65535)
        self.size += 1

    def extend(self, rows: RowArray, counts: CountArray) -> None:
        self._runs = None
        end = self.size + len(rows)
        if end > len(self.rows):
            self._grow(end)
        self.rows[self.size : end] = rows
        self.counts[self.size : end] = counts
        self.size = end

    def __len__(self) -> int:
        return self.size

    def row_view(self) -> RowArray:
        return self.rows[: self.size]

    def count_view(self) -> CountArray:
        return self.counts[: self.size]

    def impact_view(
        self, lengths: npt.NDArray[np.int64], key: tuple[float, float, float]
    ) -> ImpactArray:
        """Return the BM25 term-frequency part of every entry, for `key` = (k1, b, average length).

        Entries added since the last call are computed now; a new key recomputes them all.
        """
        if key != self._impact_key:
            self._impact_key, self.impact_size, self.max_impact = key, 0, 0.0
        if self.impact_size < self.size:
            if len(self.impacts) < self.size:
                grown = np.zeros(len(self.rows), dtype=np.float32)
                grown[: self.impact_size] = self.impacts[: self.impact_size]
                self.impacts = grown
            k1, b, average = key
            start, end = self.impact_size, self.size
            counts = self.counts[start:end].astype(np.float64)
            length_factor = k1 * (1 - b + b * lengths[self.rows[start:end]] / average)
            self.impacts[start:end] = counts * (k1 + 1) / (counts + length_factor)
            self.impact_size = end
            # Searches multiply impacts in float32; the slack covers that rounding.
            largest = float(self.impacts[start:end].max()) * (1 + 1e-6)
            self.max_impact = max(self.max_impact, largest)
        return self.impacts[: self.size]

    def runs(self) -> tuple[RunArray, RunArray]:
        """Return (starts, ends) of the stretches of consecutive rows in this list."""
        if self._runs is None:
            self._runs = runs_of(self.row_view())
        return self._runs

    def remap(self, new_row: npt.NDArray[np.int64]) -> None:
        """Renumber rows after compaction; rows mapped to -1 are dropped."""
        mapped = new_row[self.row_view()]
        keep = mapped >= 0
        self.rows = mapped[keep].astype(np.int32)
        self.counts = self.count_view()[keep].copy()
        self.size = len(self.rows)
        # Lengths stay with their rows, so the impacts do too.
        old = self.impact_size
        self.impacts = self.impacts[:old][keep[:old]].copy()
        self.impact_size = len(self.impacts)
        self._runs = None

    def _grow(self, needed: int) -> None:
        capacity = max(needed, 2 * len(self.rows))
        rows = np.zeros(capacity, dtype=np.int32)
        counts = np.zeros(capacity, dtype=np.uint16)
        rows[: self.size] = self.rows[: self.size]
        counts[: self.size] = self.counts[: self.size]
        self.rows, self.counts = rows, counts


def runs_of(rows: npt.NDArray[np.integer[Any]]) -> tuple[RunArray, RunArray]:
    """Return (starts, ends) of the stretches of consecutive values in sorted rows."""
    values = rows.astype(np.int64)
    if not len(values):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    breaks = np.flatnonzero(np.diff(values) != 1) + 1
    return values[np.r_[0, breaks]], values[np.r_[breaks - 1, len(values) - 1]] + 1


def group_rows(
    keys: npt.NDArray[np.int64], rows: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], list[RowArray], list[CountArray]]:
    """Group (key, row) pairs by key: sorted rows per key, duplicates counted once each."""
    if len(keys) == 0:
        return np.zeros(0, dtype=np.int64), [], []
    width = int(rows.max()) + 1
    combined = np.unique(keys * width + rows, return_counts=True)
    pair_keys, pair_rows = np.divmod(combined[0], width)
    counts = np.minimum(combined[1], 65535).astype(np.uint16)
    starts = np.flatnonzero(np.diff(pair_keys, prepend=pair_keys[0] - 1))
    ends = np.append(starts[1:], len(pair_keys))
    groups = [
        pair_rows[start:end].astype(np.int32) for start, end in zip(starts, ends, strict=True)
    ]
    group_counts = [counts[start:end] for start, end in zip(starts, ends, strict=True)]
    return pair_keys[starts], groups, group_counts

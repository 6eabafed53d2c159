"""Growable numpy storage for the match index: row columns and row lists."""

from typing import Any

import numpy as np
import numpy.typing as npt

RowArray = npt.NDArray[np.int32]
CountArray = npt.NDArray[np.uint16]

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
    """Sorted row numbers with a count each (term frequency), appended in row order."""

    __slots__ = ("counts", "rows", "size")

    def __init__(self, rows: RowArray | None = None, counts: CountArray | None = None) -> None:
        self.rows: RowArray = rows if rows is not None else np.zeros(4, dtype=np.int32)
        self.counts: CountArray = counts if counts is not None else np.zeros(4, dtype=np.uint16)
        self.size = 0 if rows is None else len(rows)

    def append(self, row: int, count: int = 1) -> None:
        if self.size == len(self.rows):
            self._grow(self.size + 1)
        self.rows[self.size] = row
        self.counts[self.size] = min(count, 65535)
        self.size += 1

    def extend(self, rows: RowArray, counts: CountArray) -> None:
        end = self.size + len(rows)
        if end > len(self.rows):
            self._grow(end)
        self.rows[self.size : end] = rows
        self.counts[self.size : end] = counts
        self.size = end

    def row_view(self) -> RowArray:
        return self.rows[: self.size]

    def count_view(self) -> CountArray:
        return self.counts[: self.size]

    def remap(self, new_row: npt.NDArray[np.int64]) -> None:
        """Renumber rows after compaction; rows mapped to -1 are dropped."""
        mapped = new_row[self.row_view()]
        keep = mapped >= 0
        self.rows = mapped[keep].astype(np.int32)
        self.counts = self.count_view()[keep].copy()
        self.size = len(self.rows)

    def _grow(self, needed: int) -> None:
        capacity = max(needed, 2 * len(self.rows))
        rows = np.zeros(capacity, dtype=np.int32)
        counts = np.zeros(capacity, dtype=np.uint16)
        rows[: self.size] = self.rows[: self.size]
        counts[: self.size] = self.counts[: self.size]
        self.rows, self.counts = rows, counts


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

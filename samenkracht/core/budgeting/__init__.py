"""Participatory budgeting: Pabulib files and the allocation rules, in pure Python + numpy.

`allocate(instance, rule, utility)` runs greedy, the Method of Equal Shares and its
completions, or sequential Phragmén, exactly as pabutools 1.2.3 does but fast enough for
a live results page and for replays (`python -m bench.budgeting`). `read_pb`,
`parse_pb` and `write_pb` read and write Pabulib `.pb` files.
"""

from samenkracht.core.budgeting.model import (
    RULES,
    UTILITIES,
    Ballot,
    Instance,
    Outcome,
    Project,
    ProjectResult,
)
from samenkracht.core.budgeting.pb import DEFAULT_MAX_BYTES, PbError, parse_pb, read_pb, write_pb
from samenkracht.core.budgeting.rules import allocate, normalize_rule

__all__ = [
    "DEFAULT_MAX_BYTES",
    "RULES",
    "UTILITIES",
    "Ballot",
    "Instance",
    "Outcome",
    "PbError",
    "Project",
    "ProjectResult",
    "allocate",
    "normalize_rule",
    "parse_pb",
    "read_pb",
    "write_pb",
]

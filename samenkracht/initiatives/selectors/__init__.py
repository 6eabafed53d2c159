"""Reads of the initiatives app; each module re-exported here."""

from samenkracht.initiatives.selectors.access import (
    expertise_for_initiative,
    member_role,
    works_in_area,
)

__all__ = ["expertise_for_initiative", "member_role", "works_in_area"]

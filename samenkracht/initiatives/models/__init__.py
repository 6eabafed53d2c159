"""Citizen initiatives (bewonersinitiatieven), their coalitions and support requests."""

from samenkracht.initiatives.models.coalitions import Partner, PartnerRole
from samenkracht.initiatives.models.initiatives import (
    CLOSED_PHASES,
    Initiative,
    InitiativeFollow,
    InitiativeMember,
    InitiativeUpdate,
    Phase,
    PhaseChange,
    PolicyDomain,
    Resource,
)
from samenkracht.initiatives.models.overview import OverviewVersion
from samenkracht.initiatives.models.requests import (
    Contribution,
    Department,
    Expertise,
    SupportRequest,
    SupportRequestEvent,
)

__all__ = [
    "CLOSED_PHASES",
    "Contribution",
    "Department",
    "Expertise",
    "Initiative",
    "InitiativeFollow",
    "InitiativeMember",
    "InitiativeUpdate",
    "OverviewVersion",
    "Partner",
    "PartnerRole",
    "Phase",
    "PhaseChange",
    "PolicyDomain",
    "Resource",
    "SupportRequest",
    "SupportRequestEvent",
]

"""The register of personal data: what each model holds about a person, and how it goes.

Every model that refers to a person registers here how to export that person's rows and
how to erase or anonymise them. `people.services.user_data_export` and `user_delete` walk
this register, and a test fails if a model with a link to a person is not in it, so a new
model cannot be forgotten.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model

Exporter = Callable[[Any], list[dict[str, Any]]]
Eraser = Callable[[Any], None]


@dataclass(frozen=True)
class PersonalData:
    model: type[Model]
    section: str
    export: Exporter
    erase: Eraser
    # Why rows stay after deletion (anonymised), for the privacy statement.
    retention: str = ""
    # The person's own row is anonymised after everything that still looks it up.
    is_erased_last: bool = False


_register: dict[type[Model], PersonalData] = {}


def personal_data_register(
    model: type[Model],
    *,
    section: str,
    export: Exporter,
    erase: Eraser,
    retention: str = "",
    is_erased_last: bool = False,
) -> None:
    """Register how to export and erase a person's rows of `model`."""
    _register[model] = PersonalData(
        model=model,
        section=section,
        export=export,
        erase=erase,
        retention=retention,
        is_erased_last=is_erased_last,
    )


def personal_data_entries() -> list[PersonalData]:
    """Return the register in erase order: by section, the person's own row last."""
    return sorted(_register.values(), key=lambda entry: (entry.is_erased_last, entry.section))


def is_registered(model: type[Model]) -> bool:
    return model in _register

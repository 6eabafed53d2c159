from typing import Any


class ApplicationError(Exception):
    """A rule of the domain refused the action; `message` is shown to the user as is."""

    def __init__(self, message: str, *, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}

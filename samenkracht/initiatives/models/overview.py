"""Bookkeeping of the municipality's overview."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from samenkracht.common.models import BaseModel


class OverviewVersion(BaseModel):
    """The version of everything the overview shows: one row, changed by every write to it.

    Cached lists, maps and pages are keyed by it. It lives in the database, not in a cache,
    so that every process sees the change as soon as the write commits, even when each
    process keeps a cache of its own. The value is random rather than counted: a write that
    is rolled back takes its bump with it, and a counter would hand the same number to the
    next write, whose data differ.
    """

    version = models.BigIntegerField(_("versie"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("versie van het overzicht")
        verbose_name_plural = _("versies van het overzicht")

    def __str__(self) -> str:
        return f"{self.version:x}"

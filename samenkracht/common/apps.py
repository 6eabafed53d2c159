from django.apps import AppConfig
from django.contrib.staticfiles.apps import StaticFilesConfig as DjangoStaticFilesConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    # This module also holds StaticFilesConfig, so Django must be told which one is the app.
    default = True
    name = "samenkracht.common"
    verbose_name = _("Algemeen")

    def ready(self) -> None:
        from samenkracht.common import privacy_tasks  # noqa: F401  (registers personal data)


class StaticFilesConfig(DjangoStaticFilesConfig):
    """collectstatic as Django's, skipping vendored files that no page uses.

    The design tokens ship `background-image-icon.css`, whose url()s name SVG files the
    package leaves out; the manifest storage of production refuses such a sheet, and a
    sheet nobody links to should not be published anyway.
    """

    ignore_patterns = [
        *DjangoStaticFilesConfig.ignore_patterns,
        "background-image-icon.css",
    ]

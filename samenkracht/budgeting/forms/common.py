"""What every budgeting form shares: the stated limits and messages."""

from django.utils.translation import gettext_lazy as _

MAX_PHOTO_BYTES = 5 * 1024 * 1024
REQUIRED = _("Vul dit veld in.")
PHOTO_HELP = _("Niet verplicht. Een JPG- of PNG-bestand van hoogstens 5 MB.")
NOT_A_PHOTO = _("Dit bestand is geen foto. Kies een JPG- of PNG-bestand.")

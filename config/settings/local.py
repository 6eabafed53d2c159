"""Settings for `make demo` and development on one machine."""

from .base import *

DEBUG = env.bool("DJANGO_DEBUG", default=True)

"""The production settings a node of tests/deploy runs with, with one change: STATIC_ROOT.

Production serves static files from `collectstatic`'s output (whitenoise, hashed names from a
manifest). The test collects them once into a temporary folder, as a release would, rather
than into the project's own `staticfiles/`.
"""

import os

from config.settings.production import *  # noqa: F403

STATIC_ROOT = os.environ["NODE_STATIC_ROOT"]

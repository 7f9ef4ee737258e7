"""WSGI entry point: `gunicorn --pythonpath site wsgi:application`."""

import os
import sys
from pathlib import Path

# `site/` is a source root (see site/README.md).
sys.path.insert(0, str(Path(__file__).resolve().parent))

from django.core.wsgi import get_wsgi_application  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.production")

application = get_wsgi_application()

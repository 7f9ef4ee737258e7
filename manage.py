#!/usr/bin/env python
import os
import sys
from pathlib import Path


def main():
    # `site/` is a source root (see site/README.md): its modules are `settings`, `urls`, `wsgi`.
    sys.path.insert(0, str(Path(__file__).resolve().parent / "site"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

# Two commands: `make run` (sets everything up on first use, then serves the site) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Re-installs only when the dependencies change.
STAMP := $(VENV)/.installed

.PHONY: run test test-unit test-browser browser-deps lint check messages setup clean

# Links in mails (invitations, staff notices) point at this server unless BASE_URL says
# otherwise.
run: export BASE_URL ?= http://127.0.0.1:$(PORT)
# The mail sender runs beside the server, as in production (in development it prints each
# mail here); Ctrl-C stops both, and the sender finishes the mail in hand first.
run: setup
	@echo ""
	@echo "  Site:  http://127.0.0.1:$(PORT)/"
	@echo "  Admin: http://127.0.0.1:$(PORT)/admin/"
	@echo ""
	@$(BIN)/python manage.py send_outbox --watch & sender=$$!; \
	trap 'kill $$sender 2>/dev/null; wait $$sender' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

setup: $(STAMP)
	$(BIN)/python manage.py migrate --noinput -v 0
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py rebuild_facility_index --if-stale

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $@

# Browser tests run in their own pytest process (see tests/browser/conftest.py).
test: test-unit test-browser

test-unit: $(STAMP)
	$(BIN)/python -m pytest -m "not browser" $(PYTEST_ARGS)

test-browser: $(STAMP) browser-deps
	$(BIN)/python -m pytest -m browser $(PYTEST_ARGS)

# Debian's Chromium and a Japanese font; never a browser downloaded by a test tool.
browser-deps:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "IPAGothic"; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      chromium fonts-ipafont-gothic >/dev/null; \
	  else \
	    echo "Browser tests need: sudo apt-get install chromium fonts-ipafont-gothic"; \
	  fi; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: $(STAMP)
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

# Compile the Japanese catalogue (needs GNU gettext's msgfmt); the .mo is committed.
messages:
	msgfmt --check -o locale/ja/LC_MESSAGES/django.mo locale/ja/LC_MESSAGES/django.po
	msgfmt --check -o locale/ja/LC_MESSAGES/djangojs.mo locale/ja/LC_MESSAGES/djangojs.po

clean:
	rm -rf $(VENV) var test-results test-artifacts

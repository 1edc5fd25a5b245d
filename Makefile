# Two commands for a new user: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
STAMP := $(VENV)/.installed-stamp
PO := translations/cy/LC_MESSAGES/messages.po
MO := translations/cy/LC_MESSAGES/messages.mo

.PHONY: run serve mail test test-all test-browser test-postgres install translations extract-messages content-check bench load audit clean

run: install translations
	$(FLASK) db upgrade
	$(FLASK) content check
	$(FLASK) demo load
	@echo "Serving on http://127.0.0.1:5000 (Ctrl+C stops it). The email sender runs beside it and, with"
	@echo "no WSCN_MAIL_SERVER set, prints each email (reset and invitation links, the Briff) here."
	$(FLASK) mail send --watch 3 & sender=$$!; trap 'kill $$sender 2>/dev/null' EXIT INT TERM; \
		$(FLASK) run --host 127.0.0.1 --port 5000

# The production server on WSCN_BIND (127.0.0.1:8000): granian, WSCN_WORKERS processes (serve.py says why
# and checks the rate-limit storage first). Set WSCN_PRODUCTION=1, WSCN_SECRET_KEY and WSCN_SITE_URL.
# Behind nginx in production (docs/deploy.md); the nginx tests start it through this target too
# (`make -s -o install -o translations serve`, so they never reinstall anything).
serve: install translations
	$(PY) serve.py

# The sender, every few seconds: with no WSCN_MAIL_SERVER it prints each email to this terminal.
mail: install translations
	$(FLASK) mail send --watch 3

# Everything but the tests marked slow (setup.cfg's addopts: -m "not slow"); under 5 minutes on 2 cores.
# Two pytest-xdist workers: the browser tests in one (one live server, one Chromium), the rest shared.
TEST_WORKERS ?= 2
test: install translations
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadgroup

# What CI runs (.ci/run): `make test`, then the slow tests (the load test at 50 and 10 connections,
# and the suites that start several servers), then the database tests against PostgreSQL.
test-all: test
	$(PY) -m pytest -m slow
	$(MAKE) test-postgres

# The database tests again, against the PostgreSQL on 127.0.0.1:5432 (used by .ci/run).
# Then the browser journeys against a live server on a PostgreSQL database of its own.
PG_TEST_URL = $${WSCN_TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test}
test-postgres: install translations
	WSCN_TEST_DATABASE_URL=$(PG_TEST_URL) $(PY) -m pytest -m db
	WSCN_TEST_DATABASE_URL=$(PG_TEST_URL) $(PY) -m pytest tests/browser/test_journeys.py \
		tests/browser/test_portal_journeys.py

install: $(STAMP)

$(STAMP): setup.cfg pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

translations: $(MO)

$(MO): $(PO) $(STAMP)
	$(VENV)/bin/pybabel compile --statistics -d translations -l cy

# Re-extract the strings and merge them into the Welsh catalogue (then translate the new ones).
extract-messages: install
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o translations/messages.pot \
		--no-location --sort-output --width 100 .
	$(VENV)/bin/pybabel update -i translations/messages.pot -d translations -l cy --width 100 \
		--no-fuzzy-matching --ignore-obsolete

content-check: install
	$(FLASK) content check
	$(FLASK) demo load

# Both parts run whatever the first finds; the exit status is 1 when either has a goal that FAILs.
bench: install translations
	$(PY) bench/run.py; status=$$?; $(PY) bench/downloads.py && exit $$status

# Only the browser tests (Playwright driving Debian's Chromium): journeys, keyboard, axe, screenshots.
test-browser: install translations
	$(PY) -m pytest tests/browser

# Under the production server (serve.py), 60 s each: 50 connections on every public page, then 10 on the members' portal
# with a logged-in member's session cookie; 0 errors, p99 reported.
load: install translations
	$(PY) bench/load.py

# Lighthouse scores for home and membership (npm's lighthouse with Debian's Chromium); not run in CI.
audit: install translations
	$(PY) bench/audit.py

clean:
	rm -rf $(VENV) instance/*.sqlite3 test-output

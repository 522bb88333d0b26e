# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export SCIC_INSTANCE_PATH ?= $(CURDIR)/instance

.PHONY: run test install lint format translations messages bench bench-full bench-pages browser clean \
	system-packages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) translations

# Compile the .po catalogs to .mo (build products, not in git). The catalogs have no header,
# which Babel reads as fuzzy: --use-fuzzy compiles them anyway.
translations: $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d scic/translations

# Re-extract messages and merge them into the catalogs (developers run this after adding text).
# --ignore-dirs replaces pybabel's default, which skips every folder starting with "_"
# (templates/_macros: the pager, the form fields).
messages: $(STAMP)
	$(BIN)/pybabel extract -F scic/translations/babel.cfg -k _l -k lazy_gettext --no-location \
		--sort-output --omit-header --ignore-dirs '.* __pycache__' \
		-o scic/translations/messages.pot scic
	$(BIN)/pybabel update -i scic/translations/messages.pot -d scic/translations \
		--no-fuzzy-matching --omit-header --ignore-obsolete

instance/config.py:
	@mkdir -p instance
	@$(BIN)/python -c "import secrets; print('# Local settings for make run (never commit).\nSECRET_KEY = %r\n# Key of the hash chains and checkpoints (docs/security.md).\nCHAIN_KEY = %r\n# make run serves plain http on localhost, so cookies cannot be Secure there.\nSESSION_COOKIE_SECURE = False' % (secrets.token_hex(32), secrets.token_hex(32)))" > instance/config.py

# One background worker (mail, large exports, nightly purge; queue in instance/tasks.sqlite)
# beside gunicorn. Ctrl-C reaches both; the worker finishes its running jobs, then stops.
run: install instance/config.py
	$(BIN)/scic db upgrade
	$(BIN)/scic demo
	@$(BIN)/scic worker & worker=$$!; \
	trap 'kill -INT $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/gunicorn --workers 2 --bind 127.0.0.1:5000 --access-logfile - wsgi:app

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Debian packages that the browser and multi-process tests drive: Chromium and Redis.
# Installed once (as root, or through sudo); a test that lacks one fails, it is never skipped.
SYSTEM_TOOLS := chromium redis-server
system-packages:
	@for tool in $(SYSTEM_TOOLS); do command -v $$tool >/dev/null || missing=1; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages: $(SYSTEM_TOOLS)"; \
		if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo=sudo; fi; \
		$$sudo apt-get update -q >/dev/null && \
		DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -q $(SYSTEM_TOOLS) >/dev/null; \
	fi

# The whole suite, browser and long tests included.
test: install lint system-packages
	$(BIN)/pytest -q $(PYTEST_ARGS)

# BENCH_REPLAY_DATABASE_URL=postgresql+psycopg://… also replays the 1 200-member assembly there.
BENCH_REPLAY_DATABASE_URL ?=
bench: install
	$(BIN)/python -m bench.run --members 20000 \
		$(if $(BENCH_REPLAY_DATABASE_URL),--replay-database-url $(BENCH_REPLAY_DATABASE_URL))

bench-full: install
	$(BIN)/python -m bench.run --members 100000

# The largest pages of the demo's 1 200-member cooperative: HTML size, SQL statements, time.
bench-pages: install
	$(BIN)/python -m bench.pages

clean:
	rm -rf $(VENV) build *.egg-info

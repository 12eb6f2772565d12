# Tandem task runner. `make run` serves the demo on the embedded default with gunicorn; `make test`
# passes the suite.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-sqlite test-postgres lint bench install clean demo messages

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev,fast,mpp]'
	# Compile the leveler's kernels into numba's cache now, not in the first leveling.
	$(BIN)/python -c "from tandem.engine.leveling.compiled import warm_up; print(f'leveling kernels compiled in {warm_up():.1f} s')"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/tandem run

demo: $(STAMP)
	$(BIN)/tandem demo

# The whole suite on the embedded SQLite default, then the database-backed suite on PostgreSQL
# when one answers (DATABASE_URL, or the local server on 127.0.0.1:5432). TANDEM_REQUIRE_POSTGRES=1
# turns a missing PostgreSQL into a failure instead of a notice.
test: $(STAMP)
	bash scripts/ensure-chromium || true
	bash scripts/run-tests

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy src/tandem/engine
	$(BIN)/mypy src/tandem
	DJANGO_SETTINGS_MODULE=tandem.config.settings.test $(BIN)/tandem makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=tandem.config.settings.production TANDEM_SECRET_KEY=$$(head -c 48 /dev/urandom | base64) \
		TANDEM_ALLOWED_HOSTS=tandem.example.org $(BIN)/tandem check --deploy --fail-level WARNING

bench: $(STAMP)
	$(BIN)/tandem bench

# A translation: `make messages lang=de` writes (or updates) src/tandem/locale/de/LC_MESSAGES/
# django.po with every marked text of the server and djangojs.po with those of the static scripts;
# translate them, then `make messages lang=de` again compiles them (django.mo, djangojs.mo) and the
# language shows once it is listed in LANGUAGES. Needs GNU gettext.
MESSAGES_IGNORE := --ignore 'engine/*' --ignore 'bench/*' --ignore '*/tests/*' --ignore 'testing/*'
messages: $(STAMP)
	@test -n "$(lang)" || { echo "Name the language: make messages lang=de"; exit 2; }
	mkdir -p src/tandem/locale
	cd src/tandem && ../../$(BIN)/tandem makemessages -l $(lang) --no-obsolete $(MESSAGES_IGNORE)
	cd src/tandem && ../../$(BIN)/tandem makemessages -d djangojs -l $(lang) --no-obsolete $(MESSAGES_IGNORE) --ignore '*/htmx-*.min.js'
	cd src/tandem && ../../$(BIN)/tandem compilemessages -l $(lang)

# The virtual environment and the tools' caches only: the data directory (./var: the SQLite
# database, uploads, secret key) is never deleted by make. See the README to remove it by hand.
clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

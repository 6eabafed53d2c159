# Samenkracht: `make demo` and `make test` are all a fresh machine needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
DEMO_RESIDENTS ?= 2000
STAMP := $(VENV)/.installed

.PHONY: demo test install lint clean messages bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

install: $(STAMP) node_modules/.package-lock.json

# Compiled translations are build output: made from the committed .po files.
messages: $(STAMP)
	$(BIN)/python manage.py compilemessages --ignore .venv --ignore node_modules > /dev/null

demo: install messages
	mkdir -p var
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py import_neighbourhoods --builtin
	$(BIN)/python manage.py generate_demo --residents $(DEMO_RESIDENTS) --if-empty
	$(BIN)/python manage.py generate_demo_matching --if-empty
	$(BIN)/python manage.py generate_demo_budgeting --if-empty
	$(BIN)/python manage.py generate_demo_initiatives --if-empty
	$(BIN)/python manage.py generate_demo_exchange --if-empty
	@$(BIN)/python manage.py demo_logins --port $(PORT)
	@echo "Samenkracht draait op http://127.0.0.1:$(PORT)  (stoppen: Ctrl+C)"
	@trap 'kill 0' INT TERM EXIT; \
	  $(BIN)/python manage.py db_worker --interval 1 & \
	  $(BIN)/python manage.py runserver 127.0.0.1:$(PORT) --noreload

test: install messages
	mkdir -p var
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "################################################################"; \
	  echo "# /usr/bin/chromium ontbreekt: de browsertests worden OVERGESLAGEN"; \
	  echo "# (installeer Debian's 'chromium'; met CI=true faalt de run)"; \
	  echo "################################################################"; \
	fi
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/mypy samenkracht config bench e2e
	$(BIN)/pytest $(PYTEST_ARGS)

# Benchmarks print figures side by side with their reference; they are not tests.
bench: install
	$(BIN)/python -m bench.demo --residents 100000

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/lint-imports

clean:
	rm -rf $(VENV) node_modules var

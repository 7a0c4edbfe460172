# The portal's everyday commands. Each creates what it needs on its first call.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-fast lint bench messages chromium clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## make run: the portal (web + Celery worker with beat) with demo data at http://127.0.0.1:8000
## (make run PORT=8002: another port)
PORT ?= 8000
run: $(STAMP)
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_regions --villages
	$(PY) manage.py seed_demo
	$(PY) manage.py recompute_effectiveness
	# "Perlu tindakan" for the demo accounts, and their digest as files in var/mail
	$(PY) manage.py compute_reminders
	$(PY) manage.py send_digests
	PORT=$(PORT) bash scripts/run_portal.sh

## make test: the whole test suite over every core (installs Debian's Chromium for the browser
## tests if missing). Each pytest-xdist worker has its own database, queue and folders. Tests are
## handed out in pytest-django's order, so on every worker the transactional tests (which empty
## the tables, the migrations' rows included) run after all the others, as in a serial run.
PYTEST_PARALLEL := -n auto --dist load
test: $(STAMP) chromium
	$(PY) -m pytest $(PYTEST_PARALLEL)

## make test-fast: the developer's inner loop, everything but the browser tests
test-fast: $(STAMP)
	$(PY) -m pytest $(PYTEST_PARALLEL) -m "not browser"

chromium:
	bash scripts/ensure_debian_package.sh chromium /usr/bin/chromium "the browser tests"

## make bench: national-scale data (552 regions, 5 years) on PostgreSQL, then recompute and page timings,
## then throughput under load (gunicorn, 2 workers, wrk with 10 connections), then the month-end
## surge (locust's mix of operators, coordinators, staff and a BI tool; one host, then two)
BENCH_DB ?= pokja_bench
BENCH_ENV := DATABASE_URL=postgres://postgres@127.0.0.1:5432/$(BENCH_DB) \
	DJANGO_SETTINGS_MODULE=config.settings.local DJANGO_DEBUG=False \
	DJANGO_ALLOWED_HOSTS=testserver,127.0.0.1,localhost
bench: $(STAMP)
	bash scripts/ensure_services.sh
	createdb -h 127.0.0.1 -U postgres $(BENCH_DB) 2>/dev/null || true
	$(BENCH_ENV) $(PY) manage.py migrate --noinput
	$(BENCH_ENV) $(PY) manage.py generate_national_data --reset
	bash scripts/ensure_debian_package.sh wrk wrk "the load measurement"
	bash scripts/ensure_debian_package.sh nginx /usr/sbin/nginx "the month-end surge"
	$(BENCH_ENV) $(PY) scripts/bench.py; status=$$?; \
	$(BENCH_ENV) $(PY) scripts/bench_load.py || status=1; \
	$(BENCH_ENV) $(PY) scripts/bench_surge.py || status=1; exit $$status

## make lint: ruff, and the import contracts of .importlinter (the kernel imports no app above it)
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	PYTHONPATH=. $(VENV)/bin/lint-imports

## make messages: refresh and compile the translation catalogues (needs GNU gettext)
messages: $(STAMP)
	$(PY) manage.py makemessages --locale id --ignore '.venv/*' --ignore 'var/*'
	$(PY) manage.py compilemessages --locale id --ignore '.venv/*'

clean:
	rm -rf $(VENV) var

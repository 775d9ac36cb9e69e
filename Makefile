# The front door: `make run` starts the app, `make test` runs the whole suite (SQLite, then
# PostgreSQL when the machine has it), `make lint` checks style. GNU make.

HOST ?= 127.0.0.1
PORT ?= 8000
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
PYTEST := $(VENV)/bin/pytest
RUFF := $(VENV)/bin/ruff

.DEFAULT_GOAL := run
.PHONY: peers run test test-sqlite test-postgres chromium lint format bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)

# Re-install only when pyproject.toml changed since the last install.
$(VENV)/.installed-run: pyproject.toml | $(PY)
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PIP) install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	exec $(PY) manage.py serve --host $(HOST) --port $(PORT)

# Browser tests need Debian's chromium; install it when we can (root), insist on it in CI.
chromium:
	@if ! command -v chromium >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing chromium for the browser tests"; \
		apt-get install -y chromium || { apt-get update && apt-get install -y chromium; } || true; \
	fi
	@if ! command -v chromium >/dev/null 2>&1; then \
		if [ -n "$$CI" ]; then echo "chromium is not installed and could not be installed; CI needs it" >&2; exit 1; fi; \
		echo "chromium is not installed: the browser tests will be skipped"; \
	fi

# The download-client tests run the real daemons from Debian (qBittorrent, Transmission,
# Deluge, NZBGet; SABnzbd from contrib via .ci/install-sabnzbd); install them when we can.
PEER_PACKAGES = qbittorrent-nox transmission-daemon deluged deluge-web nzbget
PEER_BINARIES = qbittorrent-nox transmission-daemon deluged deluge-web nzbget sabnzbdplus
peers:
	@missing=""; for b in $(PEER_BINARIES); do command -v $$b >/dev/null 2>&1 || missing="$$missing $$b"; done; \
	if [ -n "$$missing" ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing the download clients the tests run:$$missing"; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y $(PEER_PACKAGES) \
			|| { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $(PEER_PACKAGES); } || true; \
		if [ -f .ci/install-sabnzbd ]; then sh .ci/install-sabnzbd || true; fi; \
	fi; \
	missing=""; for b in $(PEER_BINARIES); do command -v $$b >/dev/null 2>&1 || missing="$$missing $$b"; done; \
	if [ -n "$$missing" ]; then \
		if [ -n "$$CI" ]; then echo "missing download clients:$$missing; CI needs them" >&2; exit 1; fi; \
		echo "missing download clients:$$missing: their tests will be skipped"; \
	fi

# pytest exits 5 when it collected nothing; that is a failure here, as is any other non-zero.
# Both passes always run, so one report shows every failure; either failing fails make.
test: $(VENV)/.installed-dev chromium peers
	@status=0; \
	$(MAKE) --no-print-directory test-sqlite || status=1; \
	$(MAKE) --no-print-directory test-postgres || status=1; \
	if [ $$status != 0 ]; then echo "make test: a test pass failed" >&2; fi; \
	exit $$status

test-sqlite: $(VENV)/.installed-dev
	@echo "== test suite on SQLite"
	env -u TEST_DATABASE_URL $(PYTEST)

test-postgres: $(VENV)/.installed-dev
	@if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! command -v pg_lsclusters >/dev/null 2>&1 \
			|| [ -z "$$(pg_lsclusters -h 2>/dev/null)" ]; then \
		if [ -n "$$CI" ]; then echo "PostgreSQL is not installed (no pg_ctlcluster cluster); CI needs it" >&2; exit 1; fi; \
		echo "skipping the PostgreSQL pass: PostgreSQL is not installed here (no pg_ctlcluster cluster)"; \
		exit 0; \
	fi; \
	url="$$(.ci/postgres-up)" || { echo "could not start PostgreSQL" >&2; exit 1; }; \
	echo "== database tests on PostgreSQL"; \
	TEST_DATABASE_URL="$$url" $(PYTEST) -m "not e2e"

lint: $(VENV)/.installed-dev
	$(RUFF) check .
	$(RUFF) format --check .

format: $(VENV)/.installed-dev
	$(RUFF) check --fix .
	$(RUFF) format .

bench: $(VENV)/.installed-dev
	@set -e; found=0; for script in tests/bench/*.py; do \
		[ -e "$$script" ] || continue; \
		case "$$(basename $$script)" in __init__.py|conftest.py) continue;; esac; \
		found=1; echo "== $$script"; $(PY) "$$script"; \
	done; [ $$found = 1 ] || { echo "no benchmarks in tests/bench/" >&2; exit 1; }

# Never touches data/: that is the user's library.
clean:
	rm -rf $(VENV) test-artifacts .pytest_cache .ruff_cache *.egg-info

# Two commands for a new user: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501
# Test workers: more than the two cores, because the browser and server tests spend part of their
# time waiting on a browser or a server process; the tests that assert on wall-clock time (marked
# `timing`) run alone afterwards, on an otherwise idle machine (beside the others, even niced,
# a follower's two-second bound failed).
TEST_WORKERS ?= 4

.PHONY: run test check lint format schema browser system lock clean

# Installs come from the lock files (exact versions, with hashes), so a fresh machine gets the
# versions the tests passed with: requirements.lock for the dashboard, requirements-dev.lock
# (the same, plus the test tools) for the tests. `make lock` refreshes both from pyproject.toml.
# A venv is brought up to date when its lock file changes.
$(VENV)/.run-installed: requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed: requirements-dev.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@ $(VENV)/.run-installed

## Start the dashboard on the shipped dataset (telemetry off, see .streamlit/config.toml),
## after printing the presenter's link and the link students follow. Coding from the source
## writes the data folder in place here (TUGOFWAR_CODING=files; a hosted dashboard leaves it
## unset and codes into each session's own copy).
run: $(VENV)/.run-installed
	@$(PY) -m components presenter --base-url http://localhost:$(PORT) || true
	TUGOFWAR_CODING=$${TUGOFWAR_CODING:-files} $(PY) -m streamlit run server.py --server.port $(PORT) \
	    --browser.gatherUsageStats false

## What the tests drive besides Python: a Chromium (exports, screenshots, browser tests), nginx
## (several processes behind a proxy), redis-server (follow mode on Redis) and, where they can be
## installed, Chromium's headless shell (the browser tests' lighter Chromium; without it they
## drive the full one) and LibreOffice Impress (opens the exported deck). Each is taken
## from the system when there; else, as root on Debian or Ubuntu, installed with apt-get; else
## the tests that need it say how to get it (Chromium is required: without it, stop here).
SYSTEM_PACKAGES := chromium nginx redis-server
system:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
	    || command -v google-chrome >/dev/null 2>&1 || [ -n "$$BROWSER_PATH" ] || missing="$$missing chromium"; \
	PATH="$$PATH:/usr/sbin:/sbin" command -v nginx >/dev/null 2>&1 || missing="$$missing nginx"; \
	command -v redis-server >/dev/null 2>&1 || missing="$$missing redis-server"; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's$$missing (for exports and browser tests)..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	        $$missing >/dev/null; \
	else \
	    echo "Not installed:$$missing. On Debian/Ubuntu: sudo apt-get install$$missing"; \
	    case "$$missing" in *chromium*) \
	        echo "or set BROWSER_PATH to a Chrome executable, then run make test again."; exit 1;; esac; \
	fi
	@# Chromium's headless shell, for the browser tests (tests/e2e/conftest.py: a third less CPU a page)
	@if command -v chromium-headless-shell >/dev/null 2>&1 || [ -n "$$BROWSER_PATH" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    hs="apt-get install -y -qq chromium-headless-shell"; \
	    DEBIAN_FRONTEND=noninteractive $$hs >/dev/null 2>&1 \
	        || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$hs >/dev/null 2>&1; } \
	        || echo "Chromium's headless shell not installed: the browser tests use chromium."; \
	fi
	@# LibreOffice Impress, to check that the exported deck opens (that one test skips without it)
	@if command -v soffice >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's libreoffice-impress (to open the exported deck in a test)..."; \
	    lo="apt-get install -y -qq --no-install-recommends libreoffice-impress"; \
	    DEBIAN_FRONTEND=noninteractive $$lo >/dev/null 2>&1 \
	        || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$lo >/dev/null; } \
	        || echo "LibreOffice not installed: that test will skip."; \
	fi

browser: system

## Set up and run the whole test suite, lint included.
test: $(VENV)/.installed system
	$(PY) -m ruff check components tests app.py server.py app_pages scripts bench
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal -m "not timing"
	@# the tests that assert on wall-clock time, alone on an idle machine (only their files)
	$(PY) -m pytest -m timing $$(grep -rl "mark.timing" tests)

## Validate the data, check every quote against the source article, and check that every quoted
## value's quote names what it claims.
check: $(VENV)/.installed
	$(PY) -m components validate
	$(PY) -m components check-quotes
	$(PY) -m components check-evidence

lint: $(VENV)/.installed
	$(PY) -m ruff check components tests app.py server.py app_pages scripts
	$(PY) -m ruff format --check components tests app.py server.py app_pages scripts

format: $(VENV)/.installed
	$(PY) -m ruff format components tests app.py server.py app_pages
	$(PY) -m ruff check --fix components tests app.py server.py app_pages

## Regenerate data/schema/*.json from the models.
schema: $(VENV)/.installed
	$(PY) -m components schema

## Refresh the lock files from pyproject.toml (newest versions its bounds allow), with hashes.
lock: $(VENV)/.installed
	$(PY) -m pip install --quiet "pip-tools>=7.6"
	$(VENV)/bin/pip-compile --quiet --upgrade --generate-hashes --allow-unsafe --strip-extras \
	    --no-emit-index-url --no-emit-find-links --extra test --extra redis --extra agree \
	    -o requirements-dev.lock pyproject.toml
	$(VENV)/bin/pip-compile --quiet --upgrade --generate-hashes --allow-unsafe --strip-extras \
	    --no-emit-index-url --no-emit-find-links -c requirements-dev.lock -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis *.egg-info

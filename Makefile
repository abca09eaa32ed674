# Two commands for a new user: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501

.PHONY: run test check lint format schema browser clean

# The venv is rebuilt when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

## Start the dashboard on the shipped dataset (telemetry off, see .streamlit/config.toml).
run: $(VENV)/.installed
	$(PY) -m streamlit run app.py --server.port $(PORT) --browser.gatherUsageStats false

## A Chromium for image exports, screenshots and browser tests: the system one if present,
## else Debian's package when we may install it (root, apt-get), else say how to get one.
browser:
	@if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
	    || command -v google-chrome >/dev/null 2>&1 || [ -n "$$BROWSER_PATH" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's chromium (for exports and browser tests)..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
	    echo "No Chromium found. Install one (Debian/Ubuntu: sudo apt-get install chromium)"; \
	    echo "or set BROWSER_PATH to a Chrome executable, then run make test again."; exit 1; \
	fi

## Set up and run the whole test suite, lint included.
test: $(VENV)/.installed browser
	$(PY) -m ruff check components tests app.py app_pages scripts
	$(PY) -m pytest

## Validate the data and check every quote against the source article.
check: $(VENV)/.installed
	$(PY) -m components validate
	$(PY) -m components check-quotes

lint: $(VENV)/.installed
	$(PY) -m ruff check components tests app.py app_pages scripts
	$(PY) -m ruff format --check components tests app.py app_pages scripts

format: $(VENV)/.installed
	$(PY) -m ruff format components tests app.py app_pages
	$(PY) -m ruff check --fix components tests app.py app_pages

## Regenerate data/schema/*.json from the models.
schema: $(VENV)/.installed
	$(PY) -m components schema

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis *.egg-info

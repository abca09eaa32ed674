# Two commands for a new user: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501

.PHONY: run test check lint format schema clean

# The venv is rebuilt when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

## Start the dashboard on the shipped dataset (telemetry off, see .streamlit/config.toml).
run: $(VENV)/.installed
	$(PY) -m streamlit run app.py --server.port $(PORT) --browser.gatherUsageStats false

## Set up and run the whole test suite, lint included.
test: $(VENV)/.installed
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

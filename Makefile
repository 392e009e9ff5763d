# `make run`: set up .venv and analyse the bundled sample. `make test`: set up .venv and run the tests.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	# torch first and exactly 2.13.0: the CPU build on disk; any other spec pulls GBs of CUDA.
	$(PY) -m pip install -q "torch==2.13.0"
	$(PY) -m pip install -q -e ".[embeddings,spark,test]"
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/newsfuse analyze examples/xi-putin-2024-05 --out out/sample

test: $(STAMP)
	sh scripts/install-system-deps.sh
	# two processes, each test file kept in one (its module fixtures: Spark sessions, analysed piles):
	# 10:41 on the 2-core machine, 19:48 in one process (2026-12-03)
	$(PY) -m pytest -q -n 2 --dist loadfile

bench: $(STAMP)
	$(PY) bench/extraction.py
	$(PY) bench/throughput.py

clean:
	rm -rf $(VENV) out

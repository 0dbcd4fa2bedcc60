# Two entry points for learners and CI (see README "Quickstart"):
#   make lab   - set everything up, then open the lessons in JupyterLab (offline profile by default)
#   make test  - set everything up, then run the whole test suite (what .ci/run calls)
# Everything installs into ./.venv with the CPU build of torch that lies on disk (torch==2.13.0).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# Tools started by name (nbgrader runs `alembic`, nbval starts kernels) must come from the venv.
export PATH := $(abspath $(BIN)):$(PATH)
PYTEST_NOTEBOOK_FLAGS := --nbval-lax --nbval-current-env --nbval-cell-timeout=900
# Two workers, each owning whole notebooks / test modules (nbval needs a notebook's cells in
# order in one kernel: --dist loadscope). One OpenMP thread per worker keeps both cores busy
# without oversubscribing them; `make test PYTEST_WORKERS=0` runs everything in one process.
PYTEST_WORKERS ?= 2
PYTEST_PARALLEL_FLAGS := $(if $(filter 0,$(PYTEST_WORKERS)),,-n $(PYTEST_WORKERS) --dist loadscope)

# Offline by default: no machine here reaches the Hugging Face Hub. Override with
# `make lab COURSE_PROFILE=full` on a GPU machine with internet access.
COURSE_PROFILE ?= offline
export COURSE_PROFILE
export HF_HUB_OFFLINE ?= 1
export TOKENIZERS_PARALLELISM ?= false
export OMP_WAIT_POLICY ?= PASSIVE

.PHONY: setup lab lessons outputs test unit notebooks rehearsal lint format quiz bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[offline,dev]"
	touch $@

setup: $(STAMP)

# JupyterLab serves the repository (lessons/ and quiz/) and opens on lessons/. Root is refused by
# Jupyter unless asked for: containers and many lab machines run as root, so root gets
# --allow-root. A port in use makes Jupyter take the next free one; the URL it prints is the one
# that started. `make lab LAB_PORT=9000 LAB_FLAGS=--ip=0.0.0.0` for another port or address.
LAB_PORT  ?= 8888
LAB_FLAGS ?=
LAB_ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

lab: setup
	@echo "Starting JupyterLab on lessons/ (profile $(COURSE_PROFILE)): open the http://127.0.0.1:... URL printed below; Ctrl+C stops it."
	$(BIN)/jupyter lab --no-browser $(LAB_ROOT_FLAG) --port=$(LAB_PORT) \
		--ServerApp.root_dir=. --LabApp.default_url=/lab/tree/lessons $(LAB_FLAGS)

# Execute every lesson headless into build/lessons/ (outputs kept there, not in git).
lessons: setup
	$(BIN)/python benchmarks/run_lessons.py --out build/lessons

# Refresh the outputs committed with the lessons: one offline run of each (two at a time).
outputs: setup
	$(BIN)/python scripts/notebook_tools.py refresh lessons/*.ipynb --jobs 2

# Extra pytest arguments, e.g. `make test PYTEST_ARGS="--durations=20"`.
PYTEST_ARGS ?=

test: setup lint
	$(if $(filter 0,$(PYTEST_WORKERS)),,OMP_NUM_THREADS=1) $(BIN)/python -m pytest tests lessons $(PYTEST_NOTEBOOK_FLAGS) $(PYTEST_PARALLEL_FLAGS) $(PYTEST_ARGS)

unit: setup
	$(BIN)/python -m pytest tests

notebooks: setup
	$(BIN)/python -m pytest lessons $(PYTEST_NOTEBOOK_FLAGS)

# Every lesson with COURSE_PROFILE=full against a synthetic hub mirror (README "The full profile,
# rehearsed"); make test runs it too.
rehearsal: setup
	$(if $(filter 0,$(PYTEST_WORKERS)),,OMP_NUM_THREADS=1) $(BIN)/python -m pytest tests/test_rehearsal.py tests/test_hub_mirror.py $(PYTEST_PARALLEL_FLAGS) $(PYTEST_ARGS)

# ruff covers the notebooks too (lessons, solutions, exercises); lint-imports checks the layer
# contracts in pyproject.toml ([tool.importlinter], see docs/architecture.md).
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

quiz: setup
	$(BIN)/python -m pytest quiz/

bench: setup
	$(BIN)/python benchmarks/run_lessons.py

clean:
	rm -rf build runs .pytest_cache

# Every entry point named in the README. VENV can point at a shared virtualenv.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run run-font kernels test serve bench system-deps translations router

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.run-deps: requirements.txt | $(PY)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(VENV)/.run-deps

# The compiled catalogs (messages.mo) the app reads; it never compiles them itself. A broken .po stops the make.
translations: $(VENV)/.run-deps
	$(PY) scripts/translations.py compile

# The Chinese font for flyers and map images (Debian's fonts-wqy-microhei). Without it the app still runs and
# /promote says that those files cannot be made until it is installed (no restart needed).
run-font:
	@./scripts/ensure-system-deps.sh fonts || echo "Could not install fonts-wqy-microhei: flyers and map images stay refused until a Chinese font is installed (docs/deploy.md)."

# The steps in parallel: the font (apt) beside pip, then the translations beside the kernels.
run:
	@$(MAKE) --no-print-directory -j4 $(VENV)/.run-deps run-font translations kernels
	$(PY) -m flask --app app run --host $(HOST) --port $(PORT)

# The planner's numba kernels, compiled once into their on-disk cache (later starts load them in under a second).
# Two processes on a first start: one compiles the heuristic's kernel then loads the others, the second compiles
# the others meanwhile (warm_up() without its first step), so a 2-core machine compiles in about half the time.
kernels: $(VENV)/.run-deps
	@echo "Preparing the planner's compiled kernels (20-40 s the first time, under a second after)..."
	@$(PY) -c "from planner.solver import heuristic as h; h.solve_ils = lambda *a, **k: None; h.warm_up()" & \
		$(PY) -c "from planner.solver.heuristic import warm_up; warm_up()"; status=$$?; wait $$! && exit $$status

# Production server: gunicorn, workers by core count, settings from WUSHENG_* (docs/deploy.md).
serve: $(VENV)/.run-deps translations
	$(PY) -m gunicorn -c gunicorn.conf.py

system-deps:
	./scripts/ensure-system-deps.sh

# The road router (Valhalla, from PyPI's pyvalhalla wheel into .venv/opt/): deploy/router.py says why.
router: $(VENV)/.run-deps
	$(PY) -c "from deploy import router; router.installed() or router.install()"

test: $(VENV)/.dev-deps system-deps translations router
	$(PY) -m pytest

bench: $(VENV)/.dev-deps
	$(PY) -m benchmarks

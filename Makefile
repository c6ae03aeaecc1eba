# The course's commands. Each one creates .venv and installs what it needs on first use.
#   make book      build the HTML book into _build/html
#   make test      every test: mlpkit unit and property tests, the notebooks (nbval), the book build
#   make execute   re-execute every notebook in place and re-time it (after changing mlpkit)
#   make lab       open the notebooks in JupyterLab
#   make clean     remove the build output (keeps .venv)
#   make vendor    fetch the JavaScript the offline book serves (npm pack -> _vendor/)
#   make browser   install Debian's chromium for the browser test (tests/test_book.py)
#   make timings   re-measure every chapter's run time (book/_data/timings.json)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# One BLAS thread per process: the tests run two notebook kernels at once on two cores, and
# oversubscribed OpenBLAS threads make small linear algebra (lstsq, eigh) many times slower.
# Results do not depend on it (tests/test_reproducibility.py checks 1 against 2 threads).
ONE_THREAD := OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1

.PHONY: book test unit notebooks execute lab clean distclean vendor browser timings portability

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -e .
	touch $@

book: $(VENV)/.installed vendor
	$(BIN)/jupyter-book build . -W -n --keep-going

test: $(VENV)/.installed vendor browser
	$(ONE_THREAD) $(BIN)/python -m pytest -n 2 --dist loadfile -p no:randomly \
	  --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg \
	  --cov=mlpkit --cov-report=term:skip-covered tests book

# The offline book's JavaScript (require.js, the widget manager, font-awesome) from the
# npm registry, into the git-ignored _vendor/ (does nothing when it is already there).
vendor:
	$(PYTHON) tools/vendor_js.py

# Debian's Chromium for tests/test_book.py (playwright drives it; it downloads no browser).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:
	@command -v chromium >/dev/null 2>&1 || ($(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium)

timings: $(VENV)/.installed
	$(ONE_THREAD) $(BIN)/python tools/time_notebooks.py

unit: $(VENV)/.installed
	$(ONE_THREAD) $(BIN)/python -m pytest -n 2 --dist loadfile tests

notebooks: $(VENV)/.installed
	$(ONE_THREAD) $(BIN)/python -m pytest -n 2 --dist loadfile -p no:randomly \
	  --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg book

# nbval on every chapter (or NB="book/04_activations.ipynb ...") under each OpenBLAS kernel
# this CPU can run (tools/openblas_kernels.py): what the chapters print must not depend on
# the CPU. Printed decimals are compared within one unit of their last digit (book/conftest.py).
NB ?= book
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:randomly
portability: $(VENV)/.installed
	@set -e; for k in $$($(BIN)/python tools/openblas_kernels.py); do \
	  echo "== OPENBLAS_CORETYPE=$$k"; \
	  OPENBLAS_CORETYPE=$$k $(ONE_THREAD) $(BIN)/python -m pytest -q -n 2 --dist loadfile $(NBVAL) $(NB); \
	done

# Re-execute every chapter in a fresh kernel, save it with its outputs, and refresh the
# run times on the experiments page (one notebook: tools/time_notebooks.py --inplace FILE).
execute: $(VENV)/.installed
	$(ONE_THREAD) $(BIN)/python tools/time_notebooks.py --inplace

lab: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check jupyterlab
	$(BIN)/jupyter lab book/

clean:
	rm -rf _build .pytest_cache .hypothesis .coverage

distclean: clean
	rm -rf $(VENV)

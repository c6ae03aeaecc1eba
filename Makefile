# The course's commands. Each one creates .venv and installs what it needs on first use.
#   make quick     the library's tests without the slow ones (under a minute; no browser, no npm)
#   make unit      the library's tests, slow ones included (no book build)
#   make notebooks every chapter re-run and compared with its stored outputs (nbval)
#   make lint      ruff check and ruff format --check
#   make test      everything CI runs (= .ci/run): unit, notebooks under two OpenBLAS kernels,
#                  lint, the book build and the headless-browser test
#   make book      build the HTML book into _build/html
#   make pdf       the whole book as one PDF, _build/pdf/book.pdf (printed by the system chromium)
#   make execute   re-execute every notebook in place and re-time it (after changing mlpkit)
#   make lowest    the tests and every chapter on Python 3.10 with the lowest supported versions
#   make newest    the same on the newest Python with the newest releases
#   make lock      regenerate constraints.txt from the newest releases
#   make portability  nbval under every OpenBLAS kernel this CPU can run
#   make lab       open the notebooks in JupyterLab
#   make clean     remove the build output (keeps .venv)
#   make vendor    fetch the JavaScript the offline book serves (npm pack -> _vendor/)
#   make browser   install Debian's chromium and poppler-utils for the browser and PDF tests
#   make timings   re-measure every chapter's run time (book/_data/timings.json)
#   make student   the student edition: chapters without solutions, stubs to fill in, its HTML book
#   make grade SUBMISSIONS=folder  run and check submitted notebooks offline, write a CSV of grades
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# One BLAS thread per process: the tests run two notebook kernels at once on two cores, and
# oversubscribed OpenBLAS threads make small linear algebra (lstsq, eigh) many times slower.
# Results do not depend on it (tests/integration/test_reproducibility.py checks 1 against 2 threads).
ONE_THREAD := OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
# No network in any process a test or notebook starts: Python imports tools/offline/sitecustomize.py
# at start-up (the pytest process itself is guarded by pytest-socket, see pyproject's addopts).
OFFLINE := PYTHONPATH=$(CURDIR)/tools/offline$${PYTHONPATH:+:$$PYTHONPATH}
RUN := $(ONE_THREAD) $(OFFLINE)
# The second nbval pass imitates an older CPU: Prescott (SSE3) runs on every x86-64 CPU.
IS_X86 := $(filter x86_64 amd64 i686 i386,$(shell uname -m))

.PHONY: book test unit quick unit-cov notebooks notebooks-prescott book-test lint lock lowest newest \
	execute lab clean distclean vendor browser timings portability student grade pdf

$(VENV)/.installed: requirements.txt constraints.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

book: $(VENV)/.installed vendor
	$(BIN)/jupyter-book build . -W -n --keep-going

# The whole book as one PDF (tools/pdf.py): the single-page HTML build (_build/singlehtml)
# printed by Debian's chromium, offline, into _build/pdf/book.pdf; _build/pdf/page.png shows
# the first chapter's first page.
pdf: $(VENV)/.installed vendor browser
	$(OFFLINE) $(BIN)/python tools/pdf.py

# Everything CI checks, one after the other (about ten minutes on 2 cores). Lint comes last so
# that a formatting slip does not hide what the tests would have said.
test: unit-cov notebooks notebooks-prescott book-test lint

quick: $(VENV)/.installed
	$(RUN) $(BIN)/python -m pytest -q -n 2 --dist loadfile -p no:randomly -m "not slow" tests

unit: $(VENV)/.installed
	$(RUN) $(BIN)/python -m pytest -q -n 2 --dist loadfile -p no:randomly tests --ignore=tests/test_book.py --ignore=tests/test_pdf.py

unit-cov: $(VENV)/.installed
	$(RUN) $(BIN)/python -m pytest -q -n 2 --dist loadfile -p no:randomly tests --ignore=tests/test_book.py --ignore=tests/test_pdf.py \
	  --cov=mlpkit --cov-report=term:skip-covered

notebooks: $(VENV)/.installed
	$(RUN) $(BIN)/python -m pytest -q -n 2 --dist loadfile $(NBVAL) book

notebooks-prescott: $(VENV)/.installed
ifneq ($(IS_X86),)
	OPENBLAS_CORETYPE=Prescott $(RUN) $(BIN)/python -m pytest -q -n 2 --dist loadfile $(NBVAL) book
else
	@echo "notebooks-prescott: not an x86 machine ($$(uname -m)); the second OpenBLAS kernel pass is skipped"
endif

# The book build (-W -n) and every chapter opened in headless Chromium (tests/test_book.py), and
# the book printed to one PDF and read back with pdftotext (tests/test_pdf.py).
book-test: $(VENV)/.installed vendor browser
	$(RUN) $(BIN)/python -m pytest -q -p no:randomly tests/test_book.py tests/test_pdf.py

LINTED := mlpkit tests tools benchmarks
lint: $(VENV)/.installed
	@status=0; $(BIN)/ruff check $(LINTED) || status=1; \
	  $(BIN)/ruff format --check $(LINTED) || status=1; exit $$status

# constraints.txt from the newest releases of everything requirements.txt installs (then
# re-execute the chapters: `make execute`, and commit both). LOCK_OUT=file writes elsewhere
# (to compare before replacing).
LOCK_OUT ?= constraints.txt
LOCK_VENV := $(shell mktemp -u /tmp/mlpkit-lock.XXXXXX)
lock:
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -e ".[data,plot,widgets,test,book,lint]"
	{ echo "# Exact versions of every package requirements.txt installs ($$($(LOCK_VENV)/bin/python -V)),"; \
	  echo "# the ones that made the stored notebook outputs. Regenerate with 'make lock'."; \
	  $(LOCK_VENV)/bin/python -m pip freeze --exclude-editable; } > $(LOCK_OUT).tmp
	mv $(LOCK_OUT).tmp $(LOCK_OUT)
	rm -rf $(LOCK_VENV)

# Both ends of the supported versions: the library's tests and every chapter executed
# (--nbval-lax: every cell runs, so every assertion holds, but printed outputs are not
# compared: they were stored with constraints.txt).
LOWEST_PY ?= $(shell p="$$(pyenv root 2>/dev/null)/versions/3.10.13/bin/python"; [ -x "$$p" ] && echo "$$p" || command -v python3.10)
NEWEST_PY ?= $(shell p="$$(pyenv root 2>/dev/null)/versions/3.13.0/bin/python"; [ -x "$$p" ] && echo "$$p" || command -v python3.13 || echo python3)
ENDS_TESTS = tests --ignore=tests/test_book.py --ignore=tests/test_pdf.py
lowest newest: %: .venv-%/.installed
	$(RUN) .venv-$*/bin/python -m pytest -q -n 2 --dist loadfile -p no:randomly $(ENDS_TESTS)
	$(RUN) .venv-$*/bin/python -m pytest -q -n 2 --dist loadfile -p no:randomly --nbval-lax book

.venv-lowest/.installed: pyproject.toml constraints-lowest.txt
	$(LOWEST_PY) -m venv .venv-lowest
	.venv-lowest/bin/python -m pip install --quiet --disable-pip-version-check -c constraints-lowest.txt -e ".[test]"
	touch $@

.venv-newest/.installed: pyproject.toml
	$(NEWEST_PY) -m venv .venv-newest
	.venv-newest/bin/python -m pip install --quiet --disable-pip-version-check --upgrade -e ".[test]"
	touch $@

# The offline book's JavaScript (require.js, the widget manager, font-awesome) from the
# npm registry, into the git-ignored _vendor/ (does nothing when it is already there).
vendor:
	$(PYTHON) tools/vendor_js.py

# Debian's Chromium for tests/test_book.py and tools/pdf.py (playwright drives it; it downloads no
# browser), and poppler-utils (pdftotext, pdftoppm) for tests/test_pdf.py.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:
	@command -v chromium >/dev/null 2>&1 || ($(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium)
	@command -v pdftotext >/dev/null 2>&1 || ($(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y poppler-utils)

timings: $(VENV)/.installed
	$(ONE_THREAD) $(BIN)/python tools/time_notebooks.py

# nbval on every chapter (or NB="book/04_activations.ipynb ...") under each OpenBLAS kernel
# this CPU can run (tools/openblas_kernels.py): what the chapters print must not depend on
# the CPU. Printed decimals are compared within one unit of their last digit (book/conftest.py).
NB ?= book
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:randomly
portability: $(VENV)/.installed
	@set -e; for k in $$($(BIN)/python tools/openblas_kernels.py); do \
	  echo "== OPENBLAS_CORETYPE=$$k"; \
	  OPENBLAS_CORETYPE=$$k $(RUN) $(BIN)/python -m pytest -q -n 2 --dist loadfile $(NBVAL) $(NB); \
	done

# Re-execute every chapter in a fresh kernel, save it with its outputs, and refresh the
# run times on the experiments page (one notebook: tools/time_notebooks.py --inplace FILE).
execute: $(VENV)/.installed
	$(RUN) $(BIN)/python tools/time_notebooks.py --inplace

lab: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check jupyterlab
	$(BIN)/jupyter lab book/

clean:
	rm -rf _build .pytest_cache .hypothesis .coverage

distclean: clean
	rm -rf $(VENV) .venv-lowest .venv-newest

# The student edition (tools/student.py): _build/student/book/*.ipynb without solutions or
# outputs, a stub where each answer goes, and its HTML book in _build/student/html.
student: $(VENV)/.installed vendor
	$(BIN)/python tools/student.py --out _build/student --html

# Grade a folder of submitted notebooks (tools/grade.py): each runs offline in a fresh kernel
# with time limits, the checks draw a seed chosen now; grades in _build/grades/grades.csv.
SUBMISSIONS ?= submissions
grade: $(VENV)/.installed
	$(BIN)/python tools/grade.py $(SUBMISSIONS) --out _build/grades/grades.csv --lms _build/grades/lms.csv

# The course's commands. Each one creates .venv and installs what it needs on first use.
#   make book      build the HTML book into _build/html
#   make test      every test: mlpkit unit and property tests, the notebooks (nbval), the book build
#   make execute   re-execute every notebook in place (after changing mlpkit)
#   make lab       open the notebooks in JupyterLab
#   make clean     remove the build output (keeps .venv)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
NOTEBOOKS := $(sort $(wildcard book/*.ipynb))

.PHONY: book test unit notebooks execute lab clean distclean

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -e .
	touch $@

book: $(VENV)/.installed
	$(BIN)/jupyter-book build . -W -n --keep-going

test: $(VENV)/.installed
	$(BIN)/python -m pytest -n 2 --dist loadfile -p no:randomly \
	  --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg \
	  --cov=mlpkit --cov-report=term:skip-covered tests book

unit: $(VENV)/.installed
	$(BIN)/python -m pytest -n 2 --dist loadfile tests

notebooks: $(VENV)/.installed
	$(BIN)/python -m pytest -n 2 --dist loadfile -p no:randomly \
	  --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg book

execute: $(VENV)/.installed
	cd book && for nb in $(notdir $(NOTEBOOKS)); do \
	  echo "executing $$nb"; ../$(BIN)/jupyter execute --inplace --timeout=600 $$nb || exit 1; done

lab: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check jupyterlab
	$(BIN)/jupyter lab book/

clean:
	rm -rf _build .pytest_cache .hypothesis .coverage

distclean: clean
	rm -rf $(VENV)

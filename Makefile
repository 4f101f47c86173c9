# Hiroba kiosk. Two commands matter: `make run` and `make test`; each sets itself up.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint bench screenshots references clean

$(STAMP): pyproject.toml scripts/system-deps.sh
	@bash scripts/system-deps.sh
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --upgrade pip >/dev/null 2>&1 || true
	@$(PY) -m pip install -q -e '.[test]' >$(VENV)/install.log 2>&1 || { cat $(VENV)/install.log; exit 1; }
	@touch $(STAMP)

run: $(STAMP)
	@$(VENV)/bin/kiosk run --demo $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check kiosk tests bench
	$(VENV)/bin/ruff format --check kiosk tests bench

test: $(STAMP) lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q $(PYTEST_ARGS)

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m bench

screenshots: $(STAMP)
	@for s in home category page alert; do \
	  QT_QPA_PLATFORM=offscreen $(VENV)/bin/kiosk screenshot --demo --screen $$s --out docs/screenshots/$$s.png; done

# Rewrite the reviewed reference screenshots (tests/ui/references/); look at them, then commit.
references: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) scripts/update_references.py $(ARGS)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache

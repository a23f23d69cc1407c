# Customer Centre: `make run` serves the demo portal, `make test` runs every suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PLUGINS := $(sort $(dir $(wildcard plugins/*/setup.cfg)))
STAMP  := $(VENV)/.installed

.PHONY: run test install db clean bench catalogs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip "setuptools<82" wheel

$(STAMP): $(BIN)/python setup.cfg $(wildcard plugins/*/setup.cfg) package-lock.json
	# compat mode puts the source folders on sys.path, so Pyramid's asset
	# lookups (through pkg_resources) work for editable installs too.
	$(BIN)/python -m pip install --quiet --config-settings editable_mode=compat \
		-e ".[testing,production]" $(foreach p,$(PLUGINS),-e $(p))
	$(MAKE) catalogs
	# axe-core for the browser tests' accessibility checks (package.json);
	# without npm they are skipped, or fail where browsers are required.
	if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error; fi
	touch $(STAMP)

install: $(STAMP)

# Translations: every .po of the core and of each plugin compiled into the
# .mo beside it.  The .mo files are build output (git-ignored), so they can
# never drift from the catalogues; a .po newer than its .mo is recompiled.
CATALOGS := $(wildcard cc_core/locale/*/LC_MESSAGES/*.po plugins/*/cc_*/locale/*/LC_MESSAGES/*.po)

catalogs: $(CATALOGS:.po=.mo)

%.mo: %.po | $(BIN)/python
	$(BIN)/pybabel compile -i $< -o $@

var/cc.sqlite: | $(STAMP)
	mkdir -p var
	$(BIN)/cc -c development.ini initdb --demo

db: $(STAMP)
	$(BIN)/cc -c development.ini upgrade

run: $(STAMP) catalogs var/cc.sqlite
	$(BIN)/cc -c development.ini upgrade
	$(BIN)/pserve development.ini

test: $(STAMP) catalogs
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The benchmark (docs/performance.md): seeds SQLite and PostgreSQL, serves
# the portal and the floor with gunicorn, loads them, prints the tables.
# BENCH_ARGS passes options, e.g. BENCH_ARGS="--db sqlite --duration 5".
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -r bench/requirements.txt
	$(BIN)/python -m bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache

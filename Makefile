# Customer Centre: `make run` serves the demo portal, `make test` runs every suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PLUGINS := $(sort $(dir $(wildcard plugins/*/setup.cfg)))
STAMP  := $(VENV)/.installed

.PHONY: run test install db clean bench catalogs lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Every dependency (pip, setuptools and wheel among them) from the lock,
# checked against its hashes; then this checkout's own distributions
# without dependencies, so nothing unpinned comes in.  `pip check` fails
# when a setup.cfg declares a dependency the lock lacks: run `make lock`.
$(STAMP): $(BIN)/python requirements.lock setup.cfg $(wildcard plugins/*/setup.cfg) package-lock.json
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	# compat mode puts the source folders on sys.path, so Pyramid's asset
	# lookups (through pkg_resources) work for editable installs too.
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation --config-settings editable_mode=compat \
		-e . $(foreach p,$(PLUGINS),-e $(p))
	$(BIN)/python -m pip check
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
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r bench/requirements.lock
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# Refresh the lock files from the setup.cfg files and bench/requirements.txt
# (deploy/lock.py), with pip-tools installed, pinned, in a virtualenv of its own.
LOCK_VENV := var/lock-venv

lock:
	test -x $(LOCK_VENV)/bin/python || $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet "pip-tools==7.6.2"
	$(LOCK_VENV)/bin/python deploy/lock.py --tool-python $(LOCK_VENV)/bin/python

clean:
	rm -rf $(VENV) var .pytest_cache

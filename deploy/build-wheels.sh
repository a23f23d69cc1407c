#!/bin/sh
# Fill WHEELS with everything deploy/install.sh VENV WHEELS installs
# offline: the production lock's files (checked against its hashes) and
# wheels of the core and of every plugin, translations compiled in.
# The Dockerfile's builder stage runs it.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
wheels=${1:?usage: deploy/build-wheels.sh WHEELS}
build_venv=${BUILD_VENV:-$(mktemp -d)/venv}
lock="$root/requirements-production.lock"

# A virtualenv from the lock: its pybabel compiles the translations, its
# setuptools and wheel build the project's wheels.
"$root/deploy/install.sh" "$build_venv"
pip() { "$build_venv/bin/python" -m pip --disable-pip-version-check "$@"; }
mkdir -p "$wheels"
pip download --quiet --require-hashes --no-deps -r "$lock" -d "$wheels"
pip wheel --quiet --no-deps --no-build-isolation -w "$wheels" "$root" "$root"/plugins/*/

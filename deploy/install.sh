#!/bin/sh
# Install the portal, every plugin in plugins/ and their pinned
# dependencies (requirements-production.lock, checked against its hashes)
# into a new virtualenv.
#
#   deploy/install.sh VENV           from this checkout, dependencies from
#                                    the package index (or pip's cache)
#   deploy/install.sh VENV WHEELS    offline, from a folder that
#                                    deploy/build-wheels.sh filled
#
# The project's own distributions go in with --no-deps: whatever they need
# must come from the lock, and `pip check` fails loudly when it does not.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
venv=${1:?usage: deploy/install.sh VENV [WHEELS]}
wheels=${2:-}
lock="$root/requirements-production.lock"

"${PYTHON:-python3}" -m venv "$venv"
pip() { "$venv/bin/python" -m pip --disable-pip-version-check "$@"; }

if [ -n "$wheels" ]; then
  pip install --quiet --no-index --find-links "$wheels" --require-hashes -r "$lock"
  pip install --quiet --no-index --no-deps "$wheels"/cc_*.whl
else
  pip install --quiet --require-hashes -r "$lock"
  # The translations' .mo files are build output: compiled into the
  # packages before they are installed.
  for po in "$root"/cc_core/locale/*/LC_MESSAGES/*.po "$root"/plugins/*/cc_*/locale/*/LC_MESSAGES/*.po; do
    "$venv/bin/pybabel" -q compile -i "$po" -o "${po%.po}.mo"
  done
  # Built with the lock's setuptools and wheel, not fetched ones.
  pip install --quiet --no-deps --no-build-isolation "$root" "$root"/plugins/*/
fi
pip check
echo "installed into $venv: $("$venv/bin/cc" --help >/dev/null && echo cc ok)"

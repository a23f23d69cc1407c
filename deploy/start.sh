#!/bin/sh
# Start one portal process (the container's entrypoint):
#
#   deploy/start.sh web        gunicorn serving the portal
#   deploy/start.sh worker     `cc worker` (any further arguments go to it)
#   deploy/start.sh upgrade    `cc upgrade`, then exit
#   deploy/start.sh COMMAND    any other command, e.g. `cc jobs`
#
# With CC_UPGRADE=true, web and worker run `cc upgrade` first: safe on every
# host at once (the first migrates, the others wait and find nothing to do).
#
# CC_INI       the ini file (default /etc/cc/production.ini)
# CC_VENV      the virtualenv deploy/install.sh made (default /opt/cc/venv)
# CC_GUNICORN_CONF  gunicorn's settings file (default gunicorn.conf.py beside this folder)
# CC_BIND      address gunicorn listens on (default: the settings file's, else 0.0.0.0:6543)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
ini=${CC_INI:-/etc/cc/production.ini}
bin=${CC_VENV:-/opt/cc/venv}/bin
conf=${CC_GUNICORN_CONF:-$root/gunicorn.conf.py}
command=${1:-web}
[ $# -gt 0 ] && shift

upgrade_first() {
  case "${CC_UPGRADE:-false}" in
    true|1|yes) "$bin/cc" -c "$ini" upgrade ;;
  esac
}

case "$command" in
  web)
    upgrade_first
    if [ -f "$conf" ]; then
      set -- --config "$conf" ${CC_BIND:+--bind "$CC_BIND"} "$@"
    else
      set -- --bind "${CC_BIND:-0.0.0.0:6543}" "$@"
    fi
    exec "$bin/gunicorn" "$@" --paste "$ini"
    ;;
  worker)
    upgrade_first
    exec "$bin/cc" -c "$ini" worker "$@"
    ;;
  upgrade)
    exec "$bin/cc" -c "$ini" upgrade
    ;;
  *)
    exec "$command" "$@"
    ;;
esac

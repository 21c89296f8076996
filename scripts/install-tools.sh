#!/usr/bin/env bash
# Installs the real tools the tests judge with from Debian's packages when they are missing (a no-op when
# they are there): promtool and the prometheus server, amtool, and the Python modules the real exporters
# under test import (fastapi, uvicorn, prometheus_client, psutil) for /usr/bin/python3.
set -euo pipefail
need=()
# Debian's prometheus package ships both promtool and the server (/usr/bin/prometheus, for the end-to-end test).
{ command -v promtool && command -v prometheus; } >/dev/null 2>&1 || need+=(prometheus)
command -v amtool >/dev/null 2>&1 || need+=(prometheus-alertmanager)
# Each module is checked on its own, so only the missing ones are installed.
for pair in fastapi:python3-fastapi uvicorn:python3-uvicorn prometheus_client:python3-prometheus-client psutil:python3-psutil; do
  module=${pair%%:*}
  package=${pair#*:}
  [ -x /usr/bin/python3 ] && /usr/bin/python3 -c "import ${module}" >/dev/null 2>&1 || need+=("$package")
done
if [ "${#need[@]}" -gt 0 ]; then
  echo "installing ${need[*]} from Debian's packages ..." >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

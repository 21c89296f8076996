#!/usr/bin/env bash
# Installs the real Prometheus tools the tests judge with (promtool, prometheus, amtool) from Debian's
# packages when they are missing, and Debian's Python packages the real-exporter tests run. A no-op when they
# are there.
set -euo pipefail
need=()
# Debian's prometheus package ships both promtool and the server (/usr/bin/prometheus, for the end-to-end test).
{ command -v promtool && command -v prometheus; } >/dev/null 2>&1 || need+=(prometheus)
command -v amtool >/dev/null 2>&1 || need+=(prometheus-alertmanager)
# The real exporters the tests scrape: integrations/fastapi under uvicorn, prometheus_client's defaults.
/usr/bin/python3 -c 'import fastapi, uvicorn, prometheus_client, psutil' >/dev/null 2>&1 ||
  need+=(python3 python3-fastapi python3-uvicorn python3-prometheus-client python3-psutil)
if [ "${#need[@]}" -gt 0 ]; then
  echo "installing ${need[*]} from Debian's packages ..." >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

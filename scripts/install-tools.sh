#!/usr/bin/env bash
# Installs the real Prometheus tools the tests judge with (promtool, prometheus, amtool) from Debian's
# packages when they are missing. A no-op when they are there.
set -euo pipefail
need=()
# Debian's prometheus package ships both promtool and the server (/usr/bin/prometheus, for the end-to-end test).
{ command -v promtool && command -v prometheus; } >/dev/null 2>&1 || need+=(prometheus)
command -v amtool >/dev/null 2>&1 || need+=(prometheus-alertmanager)
if [ "${#need[@]}" -gt 0 ]; then
  echo "installing ${need[*]} from Debian's packages ..." >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

#!/usr/bin/env bash
# Make sure the Debian libraries that Qt (offscreen/xcb) and speech need are present, and the
# Prometheus binaries the fleet tests run (promtool, prometheus, pushgateway; issue 18).
# As root with apt-get: install what is missing. Otherwise: print the exact command.
set -eu
# fonts-noto-cjk: the Hangul and Chinese face the kiosk names (kiosk/fonts.py); the rest ship in assets/fonts.
pkgs="libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-render-util0 libxcb-image0 espeak-ng fonts-noto-cjk prometheus prometheus-pushgateway"
command -v dpkg-query >/dev/null 2>&1 || { echo "system-deps: not a Debian system; install Qt 6 runtime libraries and espeak-ng yourself"; exit 0; }
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: installing$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null || true
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
  echo "system-deps: missing Debian packages. Run:"
  echo "  sudo apt-get install -y$missing"
fi

#!/bin/sh
# Start the kiosk alone in the cage Wayland kiosk compositor (apt-get install cage).
# cage shows exactly one full-screen application: no panels, no Alt+Tab, no desktop to
# escape to. Screen blanking is done by the kiosk (opening hours), so the compositor's and
# the console's own blanking are switched off here.
set -eu
HIROBA_HOME=${HIROBA_HOME:-/opt/hiroba}
KIOSK=${KIOSK:-$HIROBA_HOME/.venv/bin/kiosk}

export XDG_SESSION_TYPE=wayland
export QT_QPA_PLATFORM=wayland
export QT_WAYLAND_DISABLE_WINDOWDECORATION=1
# Keep the console from blanking before cage takes over (ignore errors off a real tty).
setterm --blank 0 --powerdown 0 2>/dev/null || true

# -d: no client-side decorations; -s: allow switching VTs (staff with a keyboard can still
# reach a console with Ctrl+Alt+F2 if the unit allows it). exec: cage's exit status is ours.
exec cage -d -s -- "$KIOSK" run "$@"

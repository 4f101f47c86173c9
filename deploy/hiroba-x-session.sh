#!/bin/sh
# X session for Hiroba when cage (the default, see hiroba-cage-session.sh) cannot be used —
# an X-only graphics driver, a remote-managed X desktop. The kiosk runs under openbox with
# the locked configuration in deploy/openbox/ (no key bindings, no desktop menus, the kiosk
# window full-screen and above everything); the kiosk brings its window back by itself if
# anything still minimises or unmaps it.
#
#   sudo apt-get install -y xserver-xorg xinit openbox x11-xserver-utils
#   As the kiosk user (auto-login on tty1), e.g. from ~/.profile:
#     exec xinit /opt/hiroba/deploy/hiroba-x-session.sh -- :0 vt1 -nolisten tcp -nocursor
#   or as the Exec= of an X session entry chosen by the display manager's auto-login.
#
# Never use a desktop session (GNOME, Xfce, LXDE…) for the kiosk: Super+D shows the desktop,
# a right click on it offers a terminal and a browser.
set -eu
HIROBA_HOME=${HIROBA_HOME:-/opt/hiroba}
KIOSK=${KIOSK:-$HIROBA_HOME/.venv/bin/kiosk}

# Screen blanking is the kiosk's job (opening hours): the X server's own is switched off.
xset s off -dpms s noblank 2>/dev/null || true
# Openbox finds openbox/rc.xml and openbox/menu.xml under XDG_CONFIG_HOME: ours, for openbox
# only (the kiosk keeps the user's own config dir).
XDG_CONFIG_HOME="$HIROBA_HOME/deploy" openbox --sm-disable &
# Restart=always of a supervisor is not here (X sessions end with their last client): the
# kiosk restarts itself for "Restart kiosk", and a crash ends the session, which the
# auto-login starts again.
exec "$KIOSK" run "$@"

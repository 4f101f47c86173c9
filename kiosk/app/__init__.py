"""Opening the kiosk: one session for every command (session.py) and `kiosk run` (run.py)."""

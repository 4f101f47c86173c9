"""Librarian operations: PIN, opening hours, usage counts, logs, recovery, doctor, watchdog.

Plain Python (no Qt) so every rule here is unit-tested without a screen; the Qt side that
uses these lives in kiosk/ui/staff.py and kiosk/ui/lockdown.py.
"""

"""Admin PIN: a salted scrypt hash in the config dir, and a guard that backs off wrong tries.

There is no default PIN. Without a PIN file the staff menu cannot be opened on the screen;
`kiosk set-pin` creates one, and refuses PINs anyone would try first (0000, 1234, 2580…).
Wrong PINs wait 1, 2, 4, 8 s before the next try; the fifth wrong PIN in a row locks the pad
for ``LOCK_SECONDS``. Waits are measured on the monotonic clock: setting the wall clock back
(NTP, a flat RTC battery) never lengthens one, and none is ever longer than ``LOCK_SECONDS``.
The lock survives a restart (it is kept in the state dir) so pulling the plug does not reset
it; after a reboot (a new monotonic clock) the time left is counted down on the wall clock,
never beyond what was left.
"""

from __future__ import annotations

import itertools
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.atomic_file import write_atomically
from kiosk.ops.paths import config_dir, state_dir

log = logging.getLogger("kiosk.admin")

PIN_FILE = "admin-pin.json"
GUARD_FILE = "pin-guard.json"
MIN_DIGITS, MAX_DIGITS = 4, 12
MAX_TRIES = 5
LOCK_SECONDS = 5 * 60
# Each lock after the first lasts twice the one before (5, 10, 20 … minutes), up to a day, until
# the right PIN is entered: a 4-digit PIN then takes years to guess, not a week.
MAX_LOCK_SECONDS = 24 * 60 * 60
# PINs people pick first (keypad columns, years, "love"): refused on top of the patterns.
COMMON_PINS = frozenset(
    {"2580", "0852", "1004", "2000", "1122", "1212", "1313", "6969", "5683", "7777", "1998",
     "1999", "2001", "2020", "2024", "2025", "2026", "147258", "258369", "159753", "112233"}
)  # fmt: skip
# scrypt cost: ~50 ms on a small PC, far too slow to try 10^6 PINs quickly on stolen files.
SCRYPT_N, SCRYPT_R, SCRYPT_P, DKLEN = 2**14, 8, 1, 32


class PinError(ValueError):
    """A PIN that cannot be used (too short, not digits, the two entries differ)."""


def pin_path() -> Path:
    return config_dir() / PIN_FILE


def check_pin_format(pin: str) -> str:
    pin = pin.strip()
    if not pin.isdigit() or not (MIN_DIGITS <= len(pin) <= MAX_DIGITS) or not pin.isascii():
        raise PinError(f"the PIN must be {MIN_DIGITS} to {MAX_DIGITS} digits (0-9)")
    return pin


def check_new_pin(pin: str) -> str:
    """A PIN good enough to set: the format, and not one a passer-by would try first."""
    pin = check_pin_format(pin)
    if weak_reason(pin):
        raise PinError(f"this PIN is too easy to guess ({weak_reason(pin)}): choose another")
    return pin


def weak_reason(pin: str) -> str:
    """Why ``pin`` is weak ('' if it is not): one digit repeated, a run like 1234/9876/2468,
    a repeated block like 1212 or 123123, or a well-known PIN like 2580."""
    steps = {(int(b) - int(a)) % 10 for a, b in itertools.pairwise(pin)}
    if len(steps) == 1:
        return "the same digit" if steps == {0} else "digits in a row"
    for size in range(1, len(pin) // 2 + 1):
        if len(pin) % size == 0 and pin[:size] * (len(pin) // size) == pin:
            return "a repeated pattern"
    if pin in COMMON_PINS or pin[::-1] in COMMON_PINS:
        return "a well-known PIN"
    return ""


def _derive(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    # OpenSSL's scrypt: loaded when a PIN is set or tried, not with the kiosk (hashlib maps
    # libcrypto, 3 MiB of the UI process's memory, see kiosk/fingerprint.py)
    import hashlib

    return hashlib.scrypt(
        pin.encode(), salt=salt, n=n, r=r, p=p, dklen=DKLEN, maxmem=128 * r * n * 2
    )


def hash_pin(pin: str) -> dict[str, object]:
    import secrets  # (hmac, and with it OpenSSL: see _derive)

    salt = secrets.token_bytes(16)
    digest = _derive(check_pin_format(pin), salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return {
        "algorithm": "scrypt",
        "n": SCRYPT_N,
        "r": SCRYPT_R,
        "p": SCRYPT_P,
        "salt": salt.hex(),
        "hash": digest.hex(),
    }


def verify_pin(pin: str, record: dict[str, object]) -> bool:
    try:
        digest = _derive(
            pin.strip(),
            bytes.fromhex(str(record["salt"])),
            int(record["n"]),  # type: ignore[call-overload]
            int(record["r"]),  # type: ignore[call-overload]
            int(record["p"]),  # type: ignore[call-overload]
        )
    except (KeyError, ValueError, TypeError):
        return False
    import hmac

    return hmac.compare_digest(digest.hex(), str(record.get("hash", "")))


def save_pin(pin: str, path: Path | None = None) -> Path:
    """Save a new PIN; the kiosk's own PIN (no ``path``) also starts with a clear pad (no
    lock left from wrong guesses at the old one)."""
    record = hash_pin(check_new_pin(pin))
    if path is None:
        path = pin_path()
        (state_dir() / GUARD_FILE).unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_private(path, json.dumps(record))
    return path


def _write_private(path: Path, text: str) -> None:
    write_atomically(path, text.encode("utf-8"), private=True)


def load_pin(path: Path | None = None) -> dict[str, object] | None:
    path = path or pin_path()
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and record.get("algorithm") == "scrypt" else None


@dataclass(frozen=True, slots=True)
class Verdict:
    ok: bool
    wait_seconds: int = 0  # before the next try is accepted
    locked: bool = False  # the long lock after MAX_TRIES wrong PINs
    tries_left: int = MAX_TRIES
    no_pin: bool = False


def current_boot_id() -> str:
    """Changes at every boot (Linux); '' elsewhere. The monotonic clock restarts with it."""
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
    except OSError:
        return ""


class PinGuard:
    """Checks PINs against the stored hash, with back-off and lock-out.

    ``clock`` is monotonic (it only measures waits); ``wall`` and ``boot_id`` are used only to
    carry a wait across a reboot, when the monotonic clock starts again from zero."""

    def __init__(
        self,
        record: dict[str, object] | None,
        clock: Callable[[], float] = time.monotonic,
        state_file: Path | None = None,
        wall: Callable[[], float] = time.time,
        boot_id: Callable[[], str] = current_boot_id,
    ) -> None:
        self.record = record
        self.clock = clock
        self.wall = wall
        self.boot_id = boot_id
        self.state_file = state_file
        self.failures = 0
        self.lockouts = 0  # locks since the last right PIN
        self.not_before = 0.0  # on ``clock``
        self._load()

    @classmethod
    def from_files(cls) -> PinGuard:
        return cls(load_pin(), state_file=state_dir() / GUARD_FILE)

    def _load(self) -> None:
        if self.state_file is None:
            return
        try:
            data = json.loads(self.state_file.read_text(encoding="utf-8"))
            failures = int(data.get("failures", 0))
            lockouts = int(data.get("lockouts", 0))
            boot = str(data.get("boot_id", ""))
            if boot and boot == self.boot_id() and "deadline" in data:
                left = float(data["deadline"]) - self.clock()  # same boot: monotonic
            else:  # rebooted: what was left, less the wall time since (never more)
                left = float(data.get("wait_left", 0.0))
                left -= max(0.0, self.wall() - float(data.get("saved_at", 0.0)))
        except (OSError, ValueError, TypeError, AttributeError, OverflowError):
            return
        if left != left:  # NaN from a damaged file
            left = LOCK_SECONDS
        self.failures = max(0, min(failures, MAX_TRIES))
        self.lockouts = max(0, min(lockouts, 32))
        self.not_before = self.clock() + max(0.0, min(left, self.lock_seconds(self.lockouts)))

    @staticmethod
    def lock_seconds(lockouts: int) -> float:
        """How long a lock lasts after ``lockouts`` earlier ones (the longest a wait can be)."""
        return float(min(LOCK_SECONDS * 2 ** max(0, min(lockouts, 32)), MAX_LOCK_SECONDS))

    def _save(self) -> None:
        if self.state_file is None:
            return
        now = self.clock()
        state = {
            "failures": self.failures,
            "lockouts": self.lockouts,
            "boot_id": self.boot_id(),
            "deadline": self.not_before,
            "wait_left": max(0.0, self.not_before - now),
            "saved_at": self.wall(),
        }
        try:
            self.state_file.parent.mkdir(parents=True, exist_ok=True)
            _write_private(self.state_file, json.dumps(state))
        except OSError as exc:  # a read-only disk must not break the PIN pad
            log.warning("pin guard state not saved: %s", exc)

    def status(self) -> Verdict:
        """Whether a PIN may be entered now (without trying one)."""
        if self.record is None:
            return Verdict(False, no_pin=True)
        # capped, whatever happened to the clock: never longer than the longest lock
        left = min(self.not_before - self.clock(), self.lock_seconds(self.lockouts))
        wait = max(0, round(left + 0.499))
        locked = self.failures >= MAX_TRIES and wait > 0
        return Verdict(False, wait, locked, max(0, MAX_TRIES - self.failures))

    def attempt(self, pin: str) -> Verdict:
        current = self.status()
        if current.no_pin or current.wait_seconds > 0:
            return current  # not even checked: a waiting pad ignores entries
        assert self.record is not None
        if verify_pin(pin, self.record):
            self.failures, self.lockouts, self.not_before = 0, 0, 0.0
            self._save()
            log.info("admin: PIN accepted")
            return Verdict(True)
        if self.failures >= MAX_TRIES:
            self.failures = 0  # the lock has passed: a fresh round of tries
        self.failures += 1
        if self.failures >= MAX_TRIES:
            delay = self.lock_seconds(self.lockouts)
            self.lockouts += 1
            log.warning(
                "admin: PIN pad locked for %d minutes after %d wrong PINs",
                delay // 60,
                MAX_TRIES,
            )
        else:
            delay = 2 ** (self.failures - 1)
            log.info("admin: wrong PIN (%d of %d)", self.failures, MAX_TRIES)
        self.not_before = self.clock() + delay
        self._save()
        return self.status()

"""Admin PIN: a salted scrypt hash in the config dir, and a guard that backs off wrong tries.

There is no default PIN. Without a PIN file the staff menu cannot be opened on the screen;
`kiosk set-pin` creates one. Wrong PINs wait 1, 2, 4, 8 s before the next try; the fifth
wrong PIN in a row locks the pad for ``LOCK_SECONDS``. The lock survives a restart (it is
kept in the state dir) so pulling the plug does not reset it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.ops.paths import config_dir, state_dir

log = logging.getLogger("kiosk.admin")

PIN_FILE = "admin-pin.json"
GUARD_FILE = "pin-guard.json"
MIN_DIGITS, MAX_DIGITS = 4, 12
MAX_TRIES = 5
LOCK_SECONDS = 5 * 60
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


def _derive(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        pin.encode(), salt=salt, n=n, r=r, p=p, dklen=DKLEN, maxmem=128 * r * n * 2
    )


def hash_pin(pin: str) -> dict[str, object]:
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
    return hmac.compare_digest(digest.hex(), str(record.get("hash", "")))


def save_pin(pin: str, path: Path | None = None) -> Path:
    path = path or pin_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    record = hash_pin(pin)
    tmp = path.with_suffix(".tmp")
    # Owner-only from the first byte: the hash is slow to attack, but still nobody's business.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(record, handle)
    os.replace(tmp, path)
    return path


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


class PinGuard:
    """Checks PINs against the stored hash, with back-off and lock-out."""

    def __init__(
        self,
        record: dict[str, object] | None,
        clock: Callable[[], float] = time.time,
        state_file: Path | None = None,
    ) -> None:
        self.record = record
        self.clock = clock
        self.state_file = state_file
        self.failures = 0
        self.not_before = 0.0
        self._load()

    @classmethod
    def from_files(cls, clock: Callable[[], float] = time.time) -> PinGuard:
        return cls(load_pin(), clock, state_dir() / GUARD_FILE)

    def _load(self) -> None:
        if self.state_file is None:
            return
        try:
            data = json.loads(self.state_file.read_text(encoding="utf-8"))
            self.failures = int(data.get("failures", 0))
            self.not_before = float(data.get("not_before", 0.0))
        except (OSError, ValueError, TypeError, AttributeError):
            pass

    def _save(self) -> None:
        if self.state_file is None:
            return
        try:
            self.state_file.parent.mkdir(parents=True, exist_ok=True)
            self.state_file.write_text(
                json.dumps({"failures": self.failures, "not_before": self.not_before}),
                encoding="utf-8",
            )
        except OSError as exc:  # a read-only disk must not break the PIN pad
            log.warning("pin guard state not saved: %s", exc)

    def status(self) -> Verdict:
        """Whether a PIN may be entered now (without trying one)."""
        if self.record is None:
            return Verdict(False, no_pin=True)
        wait = max(0, round(self.not_before - self.clock() + 0.499))
        locked = self.failures >= MAX_TRIES and wait > 0
        return Verdict(False, wait, locked, max(0, MAX_TRIES - self.failures))

    def attempt(self, pin: str) -> Verdict:
        current = self.status()
        if current.no_pin or current.wait_seconds > 0:
            return current  # not even checked: a waiting pad ignores entries
        assert self.record is not None
        if verify_pin(pin, self.record):
            self.failures, self.not_before = 0, 0.0
            self._save()
            log.info("admin: PIN accepted")
            return Verdict(True)
        if self.failures >= MAX_TRIES:
            self.failures = 0  # the lock has passed: a fresh round of tries
        self.failures += 1
        if self.failures >= MAX_TRIES:
            delay = LOCK_SECONDS
            log.warning(
                "admin: PIN pad locked for %d minutes after %d wrong PINs",
                LOCK_SECONDS // 60,
                MAX_TRIES,
            )
        else:
            delay = 2 ** (self.failures - 1)
            log.info("admin: wrong PIN (%d of %d)", self.failures, MAX_TRIES)
        self.not_before = self.clock() + delay
        self._save()
        return self.status()

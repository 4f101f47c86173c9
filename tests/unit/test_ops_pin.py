from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from kiosk.ops.pin import (
    LOCK_SECONDS,
    MAX_TRIES,
    PinError,
    PinGuard,
    check_pin_format,
    hash_pin,
    load_pin,
    save_pin,
    verify_pin,
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_hash_is_salted_scrypt_and_verifies() -> None:
    a, b = hash_pin("2468"), hash_pin("2468")
    assert a["algorithm"] == "scrypt" and a["salt"] != b["salt"] and a["hash"] != b["hash"]
    assert verify_pin("2468", a) and verify_pin("2468", b)
    assert not verify_pin("2469", a)
    assert "2468" not in json.dumps(a)


@pytest.mark.parametrize("bad", ["", "123", "12a4", "1234567890123", "１２３４"])
def test_pin_format_is_4_to_12_ascii_digits(bad: str) -> None:
    with pytest.raises(PinError):
        check_pin_format(bad)


def test_saved_pin_file_is_owner_only(tmp_path: Path) -> None:
    path = save_pin("13597", tmp_path / "admin-pin.json")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    record = load_pin(path)
    assert record is not None and verify_pin("13597", record)


def test_no_pin_means_no_entry() -> None:
    verdict = PinGuard(None).attempt("0000")
    assert not verdict.ok and verdict.no_pin


def test_wrong_pins_back_off_then_lock_for_minutes(tmp_path: Path) -> None:
    clock = FakeClock()
    guard = PinGuard(hash_pin("1234"), clock, tmp_path / "guard.json")
    waits = []
    for _ in range(MAX_TRIES - 1):
        verdict = guard.attempt("0000")
        assert not verdict.ok and not verdict.locked
        waits.append(verdict.wait_seconds)
        # during the back-off even the right PIN is not checked
        assert not guard.attempt("1234").ok
        clock.now += verdict.wait_seconds
    assert waits == [1, 2, 4, 8]
    verdict = guard.attempt("0000")
    assert verdict.locked and verdict.wait_seconds == LOCK_SECONDS
    clock.now += LOCK_SECONDS - 10
    assert guard.attempt("1234").locked
    # the lock survives a restart of the kiosk
    reborn = PinGuard(hash_pin("1234"), clock, tmp_path / "guard.json")
    assert reborn.status().locked
    clock.now += 10
    assert guard.attempt("1234").ok
    assert guard.failures == 0


def test_right_pin_resets_the_count() -> None:
    clock = FakeClock()
    guard = PinGuard(hash_pin("1234"), clock)
    guard.attempt("9999")
    clock.now += 1
    assert guard.attempt("1234").ok
    assert guard.status().tries_left == MAX_TRIES

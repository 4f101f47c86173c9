"""Issue 16 (PIN): weak PINs refused, waits on a monotonic clock and capped, the lock kept
safely across restarts, and the PIN file never written through a left-over 0666 temp file."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from kiosk.ops.pin import (
    LOCK_SECONDS,
    MAX_LOCK_SECONDS,
    MAX_TRIES,
    PinError,
    PinGuard,
    check_new_pin,
    hash_pin,
    save_pin,
    verify_pin,
)

DAY = 24 * 3600


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    "weak",
    ["0000", "1111", "999999", "1234", "4321", "6789", "7890", "9876", "2468", "13579", "1212",
     "123123", "2580", "0852", "1004", "12345678"],
)  # fmt: skip
def test_weak_pins_are_refused(weak: str, tmp_path: Path) -> None:
    with pytest.raises(PinError, match="too easy to guess"):
        check_new_pin(weak)
    with pytest.raises(PinError):
        save_pin(weak, tmp_path / "admin-pin.json")
    assert not (tmp_path / "admin-pin.json").exists()


@pytest.mark.parametrize("good", ["3917", "4829", "730518", "13597"])
def test_ordinary_pins_are_accepted(good: str) -> None:
    assert check_new_pin(good) == good


def lock_out(guard: PinGuard, mono: Clock) -> None:
    for _ in range(MAX_TRIES):
        verdict = guard.attempt("0000")
        if not verdict.locked:
            mono.now += verdict.wait_seconds
    assert guard.status().locked


def test_moving_the_wall_clock_back_a_day_does_not_lengthen_the_lock(tmp_path: Path) -> None:
    mono, wall = Clock(5000.0), Clock(1_800_000_000.0)
    state = tmp_path / "pin-guard.json"
    guard = PinGuard(hash_pin("3917"), mono, state, wall=wall, boot_id=lambda: "boot-a")
    lock_out(guard, mono)
    wall.now -= DAY  # somebody (or a flat RTC battery) sets the date back one day
    assert guard.status().wait_seconds <= LOCK_SECONDS
    # a restart on the same boot reads the monotonic deadline: still capped, still locked
    same_boot = PinGuard(hash_pin("3917"), mono, state, wall=wall, boot_id=lambda: "boot-a")
    assert same_boot.status().locked
    assert same_boot.status().wait_seconds <= LOCK_SECONDS
    mono.now += LOCK_SECONDS
    assert same_boot.attempt("3917").ok


def test_lock_survives_a_reboot_with_the_clock_set_back_but_never_longer(tmp_path: Path) -> None:
    mono, wall = Clock(5000.0), Clock(1_800_000_000.0)
    state = tmp_path / "pin-guard.json"
    guard = PinGuard(hash_pin("3917"), mono, state, wall=wall, boot_id=lambda: "boot-a")
    lock_out(guard, mono)
    # reboot: the monotonic clock starts again near zero, and the wall clock is a day behind
    mono2, wall.now = Clock(12.0), wall.now - DAY
    reborn = PinGuard(hash_pin("3917"), mono2, state, wall=wall, boot_id=lambda: "boot-b")
    verdict = reborn.status()
    assert verdict.locked and 0 < verdict.wait_seconds <= LOCK_SECONDS
    mono2.now += LOCK_SECONDS
    assert reborn.attempt("3917").ok
    # and a reboot after a long power cut finds the lock long gone
    lock_out(reborn, mono2)
    wall.now += DAY * 3
    later = PinGuard(hash_pin("3917"), Clock(3.0), state, wall=wall, boot_id=lambda: "boot-c")
    assert not later.status().locked and later.status().wait_seconds == 0


def test_a_doctored_state_file_cannot_lock_the_pad_for_longer_than_the_cap(
    tmp_path: Path,
) -> None:
    state = tmp_path / "pin-guard.json"
    state.write_text(
        json.dumps({"failures": 99, "boot_id": "b", "deadline": 1e15, "wait_left": 1e15}), "utf-8"
    )
    guard = PinGuard(hash_pin("3917"), Clock(10.0), state, wall=Clock(0.0), boot_id=lambda: "b")
    assert guard.status().wait_seconds == LOCK_SECONDS
    assert guard.failures == MAX_TRIES


def test_guard_state_file_is_owner_only(tmp_path: Path) -> None:
    state = tmp_path / "pin-guard.json"
    PinGuard(hash_pin("3917"), Clock(1.0), state).attempt("0000")
    assert stat.S_IMODE(state.stat().st_mode) == 0o600
    assert not list(state.parent.glob("*.tmp"))


def test_left_over_world_writable_tmp_is_never_reused(tmp_path: Path) -> None:
    target = tmp_path / "admin-pin.json"
    planted = tmp_path / ".admin-pin.json.tmp"  # the name the writer uses
    planted.write_text("junk", encoding="utf-8")
    planted.chmod(0o666)
    save_pin("3917", target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not planted.exists()
    record = json.loads(target.read_text(encoding="utf-8"))
    assert verify_pin("3917", record)


def test_tmp_is_removed_when_writing_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "admin-pin.json"

    def disk_full(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError):
        save_pin("3917", target)
    assert list(tmp_path.iterdir()) == []


def test_each_lock_is_longer_until_the_right_pin_and_a_restart_keeps_it(tmp_path: Path) -> None:
    state = tmp_path / "pin-guard.json"
    mono, wall = Clock(100.0), Clock(1_000_000.0)

    def guard() -> PinGuard:
        return PinGuard(hash_pin("3917"), mono, state, wall=wall, boot_id=lambda: "b")

    pad = guard()
    locks = []
    for _round in range(4):
        lock_out(pad, mono)
        locks.append(pad.status().wait_seconds)
        mono.now += locks[-1]
        wall.now += locks[-1]
    assert locks == [LOCK_SECONDS, 2 * LOCK_SECONDS, 4 * LOCK_SECONDS, 8 * LOCK_SECONDS]
    restarted = guard()  # the kiosk restarted: the next lock is still the longer one
    lock_out(restarted, mono)
    assert restarted.status().wait_seconds == 16 * LOCK_SECONDS
    mono.now += 16 * LOCK_SECONDS
    assert restarted.attempt("3917").ok  # the right PIN: back to the first lock's length
    lock_out(restarted, mono)
    assert restarted.status().wait_seconds == LOCK_SECONDS


def test_guessing_a_four_digit_pin_takes_months_not_a_week(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import kiosk.ops.pin as pin_module

    # the guard's arithmetic is under test, not scrypt: a quick stand-in for the hash check
    monkeypatch.setattr(pin_module, "verify_pin", lambda pin, record: pin == "3917")
    mono = Clock(0.0)
    pad = PinGuard(hash_pin("3917"), mono)
    guesses = 0
    while guesses < 1000:  # a tenth of all 4-digit PINs
        mono.now += pad.status().wait_seconds
        pad.attempt(f"{5000 + guesses:04d}")
        guesses += 1
    assert mono.now > 100 * DAY
    assert pad.status().wait_seconds <= MAX_LOCK_SECONDS


def test_a_new_pin_from_the_command_line_clears_the_lock() -> None:
    from kiosk.ops.paths import state_dir
    from kiosk.ops.pin import GUARD_FILE

    guard_file = state_dir() / GUARD_FILE
    guard_file.parent.mkdir(parents=True, exist_ok=True)
    guard_file.write_text(json.dumps({"failures": MAX_TRIES, "lockouts": 9}), "utf-8")
    save_pin("3917")  # kiosk set-pin: staff who forgot the PIN are not locked out for a day
    assert not guard_file.exists()
    assert PinGuard.from_files().status().wait_seconds == 0

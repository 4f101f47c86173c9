"""Run a command as if on a small community-centre PC: one CPU core and 1 GiB of memory.

The core comes from ``taskset -c 0``; the memory limit from the first of these that works
here, so the figures say which one held:

1. a cgroup-v2 child of our own group (``memory.max``), when the unified hierarchy is writable;
2. a cgroup-v1 memory group (``memory.limit_in_bytes``), when /sys/fs/cgroup/memory is
   writable (root on most test machines);
3. ``systemd-run --user --scope -p MemoryMax=1G`` when a user manager answers;
4. ``prlimit --as``: an address-space cap, the weakest (Qt reserves far more address space
   than it touches, so the cap is set at 4× the memory goal and said so).

Both kiosk and baseline run under the same limits, side by side.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

GIB = 1024**3
V1_ROOT = Path("/sys/fs/cgroup/memory")
V2_ROOT = Path("/sys/fs/cgroup")


@dataclass(frozen=True, slots=True)
class Limits:
    """How a command is wrapped: a command prefix, and a memory group the child joins."""

    method: str
    prefix: tuple[str, ...]
    group: Path | None = None  # a cgroup directory whose cgroup.procs takes the child

    def argv(self, argv: list[str]) -> list[str]:
        return [*self.prefix, *argv]

    def adopt(self) -> None:
        """In the child, before exec: join the memory group (subprocess preexec_fn)."""
        if self.group is not None:
            (self.group / "cgroup.procs").write_text(str(os.getpid()))


def _taskset() -> tuple[str, ...]:
    return ("taskset", "-c", "0") if shutil.which("taskset") else ()


def _v2_group(limit: int) -> Path | None:
    unified = V2_ROOT / "cgroup.controllers"
    if not unified.is_file() or "memory" not in unified.read_text():
        return None
    group = V2_ROOT / f"hiroba-smallpc-{os.getpid()}"
    try:
        group.mkdir()
        (group / "memory.max").write_text(str(limit))
        (group / "memory.swap.max").write_text("0")
    except OSError:
        _remove(group)
        return None
    return group


def _v1_group(limit: int) -> Path | None:
    if not (V1_ROOT / "memory.limit_in_bytes").is_file():
        return None
    group = V1_ROOT / f"hiroba-smallpc-{os.getpid()}"
    try:
        group.mkdir()
        (group / "memory.limit_in_bytes").write_text(str(limit))
    except OSError:
        _remove(group)
        return None
    with suppress(OSError):  # no swap either, where the kernel accounts it
        (group / "memory.memsw.limit_in_bytes").write_text(str(limit))
    return group


def _systemd_scope() -> tuple[str, ...] | None:
    if not shutil.which("systemd-run"):
        return None
    probe = ["systemd-run", "--user", "--scope", "-q", "-p", "MemoryMax=1G", "true"]
    try:
        done = subprocess.run(probe, capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return ("systemd-run", "--user", "--scope", "-q", "-p", "MemoryMax=1G")


def _remove(group: Path) -> None:
    with suppress(OSError):
        group.rmdir()


@contextmanager
def small_pc(memory_bytes: int = GIB) -> Iterator[Limits]:
    """Limits for one core and ``memory_bytes``; the cgroup (if any) is removed afterwards."""
    core = _taskset()
    for method, make in (("cgroup v2 memory.max", _v2_group), ("cgroup v1 memory", _v1_group)):
        group = make(memory_bytes)
        if group is not None:
            try:
                yield Limits(f"taskset -c 0 + {method} 1 GiB", core, group)
            finally:
                _remove(group)
            return
    scope = _systemd_scope()
    if scope is not None:
        yield Limits("taskset -c 0 + systemd-run --user --scope MemoryMax=1G", (*scope, *core))
        return
    if shutil.which("prlimit"):
        cap = 4 * memory_bytes
        yield Limits(
            f"taskset -c 0 + prlimit --as={cap // GIB} GiB (address space; no cgroup here)",
            ("prlimit", f"--as={cap}", *core),
        )
        return
    yield Limits("taskset -c 0 only (no memory limit available)", core)

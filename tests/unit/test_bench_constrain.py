"""bench/constrain.py really pins a child to one core and puts it under a memory limit."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bench.constrain import GIB, small_pc

PROBE = (
    "import os, sys;print(sorted(os.sched_getaffinity(0)));print(open('/proc/self/cgroup').read())"
)


@pytest.mark.skipif(sys.platform != "linux", reason="taskset and cgroups are Linux")
def test_child_runs_on_one_core_inside_the_memory_group() -> None:
    with small_pc(GIB) as limits:
        done = subprocess.run(
            limits.argv([sys.executable, "-c", PROBE]),
            capture_output=True,
            text=True,
            preexec_fn=limits.adopt,  # noqa: PLW1509
            check=True,
            timeout=60,
        )
        group = limits.group
    cores, cgroups = done.stdout.split("\n", 1)
    assert cores == "[0]", limits.method
    if group is not None:  # a cgroup method held: the child was inside it, and it is gone now
        assert group.name in cgroups
        assert not group.exists()
    else:
        assert "prlimit" in limits.method or "systemd-run" in limits.method


@pytest.mark.skipif(sys.platform != "linux", reason="cgroups are Linux")
def test_memory_limit_stops_a_child_that_grows_past_it() -> None:
    grow = "b = bytearray(200 * 1024 * 1024); b[::4096] = b'x' * len(b[::4096]); print('grew')"
    with small_pc(64 * 1024 * 1024) as limits:
        if limits.group is None:
            pytest.skip(f"no memory cgroup writable here ({limits.method})")
        done = subprocess.run(
            limits.argv([sys.executable, "-c", grow]),
            capture_output=True,
            text=True,
            preexec_fn=limits.adopt,  # noqa: PLW1509
            check=False,
            timeout=60,
        )
    assert done.returncode != 0 and "grew" not in done.stdout

"""Resource limits for one submission's processes, and killing a whole process tree.

Each graded submission runs in its own process with ``RLIMIT_AS`` (address space) set in the
child before anything of the student's runs; every process it starts — nbgrader's kernel, the
checks' interpreters — inherits the limit, so a notebook that allocates without end gets a
``MemoryError`` in its own cell instead of starving the machine.

Wall-clock limits are enforced by the parent. jupyter_client starts kernels in a session of
their own (``start_new_session=True``), so killing the child's process group would leave the
kernel running an infinite loop; :func:`kill_tree` therefore freezes the whole tree first
(``SIGSTOP``: a stopped process cannot fork), then walks ``/proc`` again and ``SIGKILL``s
every process in it.
"""

from __future__ import annotations

import os
import resource
import signal

MIB = 1024 * 1024


def set_memory_limit(megabytes: int | None) -> None:
    """Cap this process's (and its future children's) address space."""
    if not megabytes:
        return
    limit = int(megabytes) * MIB
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    # glibc reserves 64 MiB of address space per malloc arena (up to 8 per core): with a
    # few threads that alone can exhaust a modest limit before any real allocation.
    os.environ.setdefault("MALLOC_ARENA_MAX", "2")


def _children() -> dict[int, list[int]]:
    """parent pid → child pids, read from /proc."""
    out: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read().decode(errors="replace")
        except OSError:
            continue
        # pid (comm) state ppid …; comm may contain spaces and parentheses
        fields = stat[stat.rfind(")") + 2 :].split()
        if len(fields) > 1:
            out.setdefault(int(fields[1]), []).append(int(name))
    return out


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (a snapshot)."""
    kids = _children()
    seen, stack = [], [pid]
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.append(p)
        stack.extend(kids.get(p, []))
    return seen


def _signal(pids: list[int], sig: int) -> None:
    for p in pids:
        try:
            os.kill(p, sig)
        except (ProcessLookupError, PermissionError):
            pass


def kill_tree(pid: int) -> None:
    """Kill ``pid`` and all its descendants, including those in other sessions."""
    tree: list[int] = []
    for _ in range(3):  # freeze, then look again for anything forked meanwhile
        new = [p for p in descendants(pid) if p not in tree]
        if not new:
            break
        _signal(new, signal.SIGSTOP)
        tree.extend(new)
    _signal(tree, signal.SIGKILL)
    _signal(tree, signal.SIGCONT)

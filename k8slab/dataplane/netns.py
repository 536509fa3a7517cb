"""Network namespaces: create, configure, enter and delete them.

Every command goes through ``ip`` (iproute2). Links are created *inside* the namespaces
(``ip -n NS link add … peer name … netns OTHER``), so nothing is ever added to, or addressed
in, the host's own namespace. ``entered(ns)`` switches only the calling thread into a
namespace (``setns(2)``), long enough to create a socket or write a sysctl: the socket keeps
its namespace afterwards.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import subprocess
from collections.abc import Iterator

from k8slab.dataplane.errors import DataplaneError

NETNS_DIR = "/run/netns"
CLONE_NEWNET = 0x40000000

# Namespaces k8slab.dataplane creates: "k8s", six hex digits (the run), "-", then a role.
PREFIX_RE = re.compile(r"^k8s[0-9a-f]{6}-")

_libc = None


def _setns(fd: int) -> None:
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
    if _libc.setns(fd, CLONE_NEWNET) != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))


@contextlib.contextmanager
def entered(ns: str) -> Iterator[None]:
    """Run the block with the calling thread inside network namespace ``ns``."""
    own = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
    try:
        target = os.open(os.path.join(NETNS_DIR, ns), os.O_RDONLY)
    except FileNotFoundError:
        os.close(own)
        raise DataplaneError(f"network namespace {ns} does not exist (run `up` first?)") from None
    try:
        _setns(target)
        try:
            yield
        finally:
            _setns(own)
    finally:
        os.close(target)
        os.close(own)


def run(argv: list[str], *, input: str | None = None, ns: str | None = None) -> str:
    """Run a command (inside ``ns`` when given); raise DataplaneError with its stderr."""
    if ns is not None:
        argv = ["ip", "netns", "exec", ns, *argv]
    proc = subprocess.run(argv, input=input, capture_output=True, text=True)
    if proc.returncode != 0:
        shown = " ".join(argv)
        raise DataplaneError(f"`{shown}` failed: {proc.stderr.strip() or proc.stdout.strip()}")
    return proc.stdout


def ip_batch(lines: list[str], *, ns: str | None = None) -> None:
    """Run ``ip`` commands (one per line, without the leading ``ip``) in one process."""
    if not lines:
        return
    argv = ["ip"] + (["-n", ns] if ns else []) + ["-batch", "-"]
    run(argv, input="\n".join(lines) + "\n")


def write_sysctls(ns: str, values: dict[str, str]) -> None:
    """Write ``net.*`` sysctls inside ``ns`` (``/proc/sys/net`` shows the caller's namespace)."""
    with entered(ns):
        for key, value in values.items():
            path = "/proc/sys/" + key.replace(".", "/")
            try:
                with open(path, "w") as f:
                    f.write(value)
            except OSError as err:
                raise DataplaneError(f"sysctl {key}={value} in {ns}: {err}") from None


def existing() -> list[str]:
    """Names of the network namespaces present (``ip netns list``)."""
    try:
        names = os.listdir(NETNS_DIR)
    except FileNotFoundError:
        return []
    return sorted(names)


def ours(prefix: str | None = None) -> list[str]:
    """The namespaces of one run (``prefix``), or of every k8slab.dataplane run."""
    if prefix is not None:
        return [n for n in existing() if n.startswith(prefix + "-")]
    return [n for n in existing() if PREFIX_RE.match(n)]


def pids(ns: str) -> list[int]:
    """Processes living in ``ns`` (``ip netns pids``)."""
    proc = subprocess.run(["ip", "netns", "pids", ns], capture_output=True, text=True)
    return [int(x) for x in proc.stdout.split() if x.isdigit()]


def delete(names: list[str]) -> None:
    """Delete namespaces (their links go with them); missing ones are ignored."""
    if names:
        subprocess.run(
            ["ip", "-force", "-batch", "-"],
            input="".join(f"netns del {n}\n" for n in names),
            capture_output=True,
            text=True,
        )

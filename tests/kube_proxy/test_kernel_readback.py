"""``iptables_save`` against the real thing: load the rules into a kernel, read them back.

Runs only as root with ``ip``, ``iptables-restore``, ``iptables-save`` and ``nfacct`` present:
it creates a throw-away network namespace, restores kube-proxy's payload (plus the builtin
jumps), and compares the kernel's ``iptables-save`` with k8slab's, byte for byte.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from k8slab.kube_proxy import chains as c
from k8slab.kube_proxy import iptables_save

from .upstream import fake_proxier_sync, overall_objects

TOOLS = ("ip", "iptables-restore", "iptables-save", "nfacct")
pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or any(shutil.which(t) is None for t in TOOLS),
    reason="needs root and ip, iptables-restore, iptables-save, nfacct",
)


def _load_text(rs) -> str:
    lines = []
    for name in ("filter", "nat", "mangle"):
        t = rs.tables[name]
        lines.append(f"*{name}")
        lines += [f":{ch.name} - [0:0]" for ch in t.chains.values() if ch.policy is None]
        for builtin in c.BUILTIN_CHAINS[name]:
            lines += [r.payload for r in t.chains[builtin].rules]
        lines += [r.payload for r in t.payload_rules]
        lines.append("COMMIT")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("masquerade_mark", ["0x4000", None])
def test_kernel_prints_exactly_what_iptables_save_renders(masquerade_mark):
    """Does the kernel read back TestOverallIPTablesRules' ruleset exactly as k8slab prints it?"""
    rs = fake_proxier_sync(overall_objects(), masquerade_mark=masquerade_mark)
    ns = f"k8slab-test-{os.getpid()}"
    subprocess.run(["ip", "netns", "add", ns], check=True)
    try:
        ex = ["ip", "netns", "exec", ns]
        for counter in ("ct_state_invalid_dropped_pkts", "localhost_nps_accepted_pkts"):
            subprocess.run([*ex, "nfacct", "add", counter], check=True)
        subprocess.run([*ex, "iptables-restore"], input=_load_text(rs), text=True, check=True)
        for table in ("filter", "nat", "mangle"):
            out = subprocess.run(
                [*ex, "iptables-save", "-t", table], capture_output=True, text=True, check=True
            ).stdout
            kernel = "".join(line + "\n" for line in out.splitlines() if not line.startswith("#"))
            assert iptables_save(rs, table) == kernel
    finally:
        subprocess.run(["ip", "netns", "del", ns], check=False)

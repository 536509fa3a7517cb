"""Real-kernel differential tests: skipped, with the reason, where root or netfilter is missing.

Address plan (the simulator's, materialised by k8slab.dataplane): node network 172.18.0.0/16
with the external client at 172.18.0.1 and nodes from 172.18.0.3; node-N's podCIDR
10.244.N.0/24 (gateway .1 on every pod veth); Services in 10.96.0.0/12; NodePorts 30000-32767.
All of it lives in network namespaces the test creates (``k8s<6 hex>-…``) and deletes.
"""

from __future__ import annotations

import functools
import os
import subprocess

import pytest

from k8slab.dataplane import Dataplane, unavailable_reason

PROBE_RULES = """*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:KUBE-PROBE - [0:0]
-A OUTPUT -m comment --comment probe -m statistic --mode random --probability 0.5 -j KUBE-PROBE
-A KUBE-PROBE -p tcp -m recent --set --name probe --mask 255.255.255.255 --rsource -j DNAT --to-destination 10.0.0.1:80
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A OUTPUT -m conntrack --ctstate NEW -m addrtype --dst-type LOCAL -j ACCEPT
COMMIT
"""


@functools.cache
def kernel_skip_reason() -> str | None:
    """Why these tests cannot run here, or None: root, tools, and netfilter that loads rules."""
    why = unavailable_reason()
    if why is not None:
        return why
    ns = f"k8slab-probe-{os.getpid()}"
    try:
        subprocess.run(["ip", "netns", "add", ns], check=True, capture_output=True)
    except subprocess.CalledProcessError as err:
        return f"cannot create a network namespace: {err.stderr.decode().strip()}"
    try:
        r = subprocess.run(
            ["ip", "netns", "exec", ns, "iptables-restore"],
            input=PROBE_RULES,
            capture_output=True,
            text=True,
        )
        if r.returncode != 0:
            return f"netfilter is missing or incomplete: {r.stderr.strip()}"
    finally:
        subprocess.run(["ip", "netns", "del", ns], capture_output=True)
    return None


def pytest_collection_modifyitems(config, items):
    here = os.path.dirname(__file__)
    mine = [i for i in items if str(i.fspath).startswith(here)]
    if not mine:
        return
    why = kernel_skip_reason()
    if why is None:
        return
    for item in mine:
        if "no_kernel_needed" not in item.keywords:
            item.add_marker(pytest.mark.skip(reason=f"needs root and netfilter: {why}"))


def pytest_configure(config):
    config.addinivalue_line("markers", "no_kernel_needed: runs without root or netfilter")


@pytest.fixture
def up():
    """``up(lab)`` brings a data plane up; every one is torn down when the test ends."""
    planes: list[Dataplane] = []

    def _up(lab) -> Dataplane:
        dp = Dataplane(lab).up()
        planes.append(dp)
        return dp

    yield _up
    for dp in planes:
        dp.down()

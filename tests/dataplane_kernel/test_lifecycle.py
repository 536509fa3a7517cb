"""Bring-up and teardown: names, cleanup on error and on SIGTERM, ``down``, the command line,
and the error a user without root gets."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from k8slab import Cluster
from k8slab.dataplane import Dataplane, DataplaneUnavailable, netns, teardown
from k8slab.dataplane.plan import (
    external_commands,
    fabric_commands,
    node_commands,
    plan_cluster,
    pod_commands,
)

from .scenarios import App, deployment

ROOT = Path(__file__).resolve().parents[2]


def _small_lab(replicas=3, nodes=2):
    lab = Cluster(nodes=nodes)
    lab.apply(deployment(App("web", "nginx", 80, ("/",)), replicas))
    return lab


def _interface_names(cmds):
    out = []
    for c in cmds:
        words = c.split()
        if words[:2] == ["link", "add"]:
            out.append(words[2])
            if "peer" in words:
                out.append(words[words.index("peer") + 2])
    return out


@pytest.mark.no_kernel_needed
def test_names_carry_the_run_prefix_and_interfaces_fit_in_15_characters():
    """Is every namespace prefixed with the run, and every interface name short enough?"""
    lab = _small_lab(replicas=12, nodes=3)
    plan = plan_cluster(lab, "k8sabcdef")
    assert all(n.startswith("k8sabcdef-") for n in plan.namespaces)
    assert len(set(plan.namespaces)) == len(plan.namespaces)
    cmds = fabric_commands(plan) + external_commands(plan)
    for n in plan.nodes:
        cmds += node_commands(plan, n)
    for p in plan.pods:
        cmds += pod_commands(p)
    names = _interface_names(cmds)
    assert names and all(len(n) <= 15 for n in names)
    assert plan.node("node-1").netns == "k8sabcdef-node-1"


@pytest.mark.no_kernel_needed
def test_without_root_the_error_says_so_in_spanish_and_english(monkeypatch):
    """Does a user without root get a clear error, and nothing is created?"""
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    with pytest.raises(DataplaneUnavailable) as err:
        Dataplane(_small_lab()).up()
    assert "k8slab.dataplane necesita root y iptables" in str(err.value)
    assert "k8slab.dataplane needs root and iptables: not running as root" in str(err.value)


def test_teardown_runs_when_the_block_raises():
    """Are the namespaces and pod servers gone after an exception inside ``with``?"""
    lab = _small_lab()
    with pytest.raises(RuntimeError), Dataplane(lab) as dp:
        pids = list(dp._server_pids)
        assert len(netns.ours(dp.prefix)) == len(dp.plan.namespaces)
        raise RuntimeError("boom")
    assert netns.ours(dp.prefix) == []
    assert all(not Path(f"/proc/{p}").exists() for p in pids)


def test_a_failed_bring_up_leaves_nothing(monkeypatch):
    """Does a failure half-way through bring-up tear down what it made?"""
    from k8slab.dataplane import runtime

    def broken(lab, node, ns):
        raise runtime.DataplaneError("iptables-restore: simulated failure")

    monkeypatch.setattr(runtime.rules, "load", broken)
    dp = Dataplane(_small_lab())
    with pytest.raises(runtime.DataplaneError, match="simulated failure"):
        dp.up()
    assert netns.ours(dp.prefix) == []


def test_sigterm_tears_the_data_plane_down(tmp_path):
    """Does a process killed with SIGTERM delete its namespaces and stop its pod servers (and
    does ``down`` without a prefix leave that live process's namespaces alone)?"""
    script = textwrap.dedent(
        """
        import sys, time
        from k8slab import Cluster
        from k8slab.dataplane import Dataplane
        lab = Cluster()
        lab.apply({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"},
                   "spec": {"containers": [{"name": "web", "image": "nginx"}]}})
        dp = Dataplane(lab).up()
        print(dp.prefix, *dp._server_pids, flush=True)
        time.sleep(60)
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        prefix, *pids = proc.stdout.readline().split()
        assert netns.ours(prefix)
        teardown()  # `k8slab dataplane down` leaves a live process's data plane alone
        assert len(netns.ours(prefix)) == 4 + len(pids)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert netns.ours(prefix) == []
    time.sleep(0.2)
    assert all(not Path(f"/proc/{p}").exists() for p in pids)


def test_down_removes_a_persistent_data_plane():
    """Does ``teardown(prefix)`` remove a data plane brought up to outlive its process?"""
    dp = Dataplane(_small_lab(replicas=1), persistent=True).up()
    try:
        assert netns.ours(dp.prefix)
    finally:
        deleted = teardown(dp.prefix)
    assert set(deleted) == set(dp.plan.namespaces)
    assert netns.ours(dp.prefix) == []


def _cli(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "k8slab.dataplane.cli", "--state", "c.json", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_command_line_up_curl_down(tmp_path):
    """Do ``up``, ``curl`` (node, 127.0.0.1 NodePort, a pod by Service name) and ``down`` work?"""
    lab = _small_lab(replicas=2)
    lab.apply(
        {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": {"name": "web"},
            "spec": {
                "type": "NodePort",
                "selector": {"app": "web"},
                "ports": [{"port": 80, "nodePort": 31238}],
            },
        }
    )
    lab.save(tmp_path / "c.json")
    pod = lab.api.list("Pod", "default")[0]["metadata"]["name"]
    r = _cli("up", cwd=tmp_path)
    try:
        assert r.returncode == 0, r.stderr
        assert "iptables -t nat -L" in r.stdout
        r = _cli("curl", "http://127.0.0.1:31238", "--from", "node/node-2", cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        assert "<title>Welcome to nginx!</title>" in r.stdout
        r = _cli("curl", "-i", "http://web/nope", "--from", f"default/{pod}", cwd=tmp_path)
        assert r.stdout.startswith("HTTP/1.1 404 Not Found\n"), (
            r.stderr
        )  # text mode: \r\n read as \n
        r = _cli("curl", "http://172.18.0.3:31239", cwd=tmp_path)
        assert (r.returncode, r.stderr) == (7, "curl: (7) Connection refused\n")
    finally:
        r = _cli("down", cwd=tmp_path)
    assert r.returncode == 0 and "namespace(s) deleted" in r.stdout
    r = _cli("curl", "http://127.0.0.1:31238", cwd=tmp_path)
    assert r.returncode == 1 and "no data plane is up" in r.stderr

"""``Dataplane``: a Cluster materialised in network namespaces, brought up and always torn down.

Bring-up order (each step needs the one before):

1. check root and tools (``errors.require``), pick a fresh prefix ``k8s<6 hex>``;
2. ``ip netns add`` every namespace (fabric, external client, nodes, pods);
3. sysctls, before any link exists, so new interfaces inherit them;
4. links and addresses: fabric bridge (makes each node's eth0), nodes (make each pod's eth0),
   pods, external client (``plan.py`` has the commands and the picture);
5. kube-proxy's rules per node (``rules.load``);
6. one podserver process per pod, each in its pod's namespace; wait until all listen.

Any failure tears down what was made. Teardown stops the podservers, ends whatever else still
runs in the run's namespaces and deletes them; it runs on ``__exit__``, at interpreter exit
and on SIGTERM/SIGHUP, unless the data plane was brought up to outlive this process
(``persistent=True``, what ``k8slab dataplane up`` does; ``down`` removes it).
"""

from __future__ import annotations

import atexit
import json
import os
import secrets
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import k8slab
from k8slab.dataplane import netns, rules
from k8slab.dataplane.client import kernel_curl
from k8slab.dataplane.errors import DataplaneError, require
from k8slab.dataplane.plan import (
    NODE_SYSCTLS,
    OTHER_SYSCTLS,
    Plan,
    external_commands,
    fabric_commands,
    node_commands,
    plan_cluster,
    pod_commands,
)
from k8slab.net import CurlError, Response, parse_url

RUN_ROOT = Path("/run/k8slab-dataplane")
READY_TIMEOUT = 20.0  # seconds for every podserver to listen


class Dataplane:
    """A Cluster's networking on the Linux kernel (root only).

    ``with Dataplane(lab) as dp: dp.curl("http://10.96.0.20", from_="node/node-1")``.
    The cluster is read once, at ``up()``: later changes to ``lab`` are not reflected.
    """

    def __init__(self, lab, *, prefix: str | None = None, persistent: bool = False) -> None:
        self.lab = lab
        self.prefix = prefix or f"k8s{secrets.token_hex(3)}"
        self.persistent = persistent
        self.plan: Plan | None = None
        self.run_dir = RUN_ROOT / self.prefix
        self._servers: list[subprocess.Popen] = []
        self._server_pids: list[int] = []
        self._up = False
        self._old_handlers: dict[int, object] = {}

    # ------------------------------------------------------------------ lifecycle
    def __enter__(self) -> Dataplane:
        self.up()
        return self

    def __exit__(self, *exc) -> None:
        self.down()

    def up(self) -> Dataplane:
        """Build the namespaces, links, routes, rules and pod servers (see module doc)."""
        require()
        if self._up:
            return self
        plan = plan_cluster(self.lab, self.prefix)
        self.plan = plan
        self._up = True
        if not self.persistent:
            atexit.register(self.down)
            self._install_signal_handlers()
        try:
            self._build(plan)
        except BaseException:
            self.down()
            raise
        return self

    def _build(self, plan: Plan) -> None:
        clash = set(plan.namespaces) & set(netns.existing())
        if clash:
            raise DataplaneError(f"network namespaces already exist: {', '.join(sorted(clash))}")
        (self.run_dir / "pods").mkdir(parents=True, exist_ok=True)
        (self.run_dir / "rules").mkdir(exist_ok=True)
        self._save_run_file()
        netns.ip_batch([f"netns add {n}" for n in plan.namespaces])
        for n in plan.nodes:
            netns.write_sysctls(n.netns, NODE_SYSCTLS)
        for ns in [plan.fabric, plan.external, *(p.netns for p in plan.pods)]:
            netns.write_sysctls(ns, OTHER_SYSCTLS)
        netns.ip_batch(fabric_commands(plan), ns=plan.fabric)
        for n in plan.nodes:
            netns.ip_batch(node_commands(plan, n), ns=n.netns)
        for p in plan.pods:
            netns.ip_batch(pod_commands(p), ns=p.netns)
        netns.ip_batch(external_commands(plan), ns=plan.external)
        for n in plan.nodes:
            payload = rules.load(self.lab, n.name, n.netns)
            (self.run_dir / "rules" / f"{n.name}.rules").write_text(payload)
        self._start_pod_servers(plan)
        self._save_run_file()

    def _start_pod_servers(self, plan: Plan) -> None:
        pkg_root = str(Path(k8slab.__file__).resolve().parent.parent)
        env = dict(os.environ)
        env["PYTHONPATH"] = pkg_root + (
            os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else ""
        )
        for i, p in enumerate(plan.pods, 1):
            spec = self.run_dir / "pods" / f"p{i}.json"
            log = self.run_dir / "pods" / f"p{i}.log"
            spec.write_text(
                json.dumps({"pod": p.pod, "log": str(log), "die_with_parent": not self.persistent})
            )
            proc = subprocess.Popen(
                ["ip", "netns", "exec", p.netns, sys.executable, "-m"]
                + ["k8slab.dataplane.podserver", str(spec)],
                stdout=subprocess.PIPE,
                stderr=open(log, "a"),  # noqa: SIM115 - the child keeps it
                stdin=subprocess.DEVNULL,
                env=env,
                start_new_session=self.persistent,
            )
            self._servers.append(proc)
            self._server_pids.append(proc.pid)
        deadline = time.monotonic() + READY_TIMEOUT
        for p, proc in zip(plan.pods, self._servers, strict=True):
            line = _read_line(proc, deadline)
            if not line.startswith("ready"):
                log = self.run_dir / "pods" / f"p{plan.pods.index(p) + 1}.log"
                detail = line.strip() or (log.read_text()[-500:] if log.exists() else "")
                raise DataplaneError(f"pod {p.ref}: its server did not start: {detail}")
            proc.stdout.close()

    def down(self) -> None:
        """Stop the pod servers and delete the run's namespaces (idempotent)."""
        if not self._up:
            return
        self._up = False
        _stop_pids(self._server_pids)
        for proc in self._servers:
            try:
                proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                pass
        teardown(self.prefix)
        self._restore_signal_handlers()
        try:
            atexit.unregister(self.down)
        except Exception:  # noqa: BLE001 - best effort during interpreter exit
            pass

    def _install_signal_handlers(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        for sig in (signal.SIGTERM, signal.SIGHUP):
            old = signal.getsignal(sig)
            self._old_handlers[sig] = old

            def handler(signum, frame, old=old):
                self.down()
                signal.signal(signum, old if old is not None else signal.SIG_DFL)
                os.kill(os.getpid(), signum)

            signal.signal(sig, handler)

    def _restore_signal_handlers(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        for sig, old in self._old_handlers.items():
            signal.signal(sig, old if old is not None else signal.SIG_DFL)
        self._old_handlers.clear()

    def _save_run_file(self) -> None:
        data = {
            "prefix": self.prefix,
            "pid": os.getpid(),
            "persistent": self.persistent,
            "server_pids": self._server_pids,
            "plan": self.plan.to_dict() if self.plan else None,
        }
        (self.run_dir / "run.json").write_text(json.dumps(data, indent=1))

    # ------------------------------------------------------------------ traffic
    def netns_for(self, from_: str | None) -> str:
        """The namespace a client lives in: the external host, a node, or a pod."""
        plan = self._need_plan()
        if from_ is None or from_ in ("", "external", "outside"):
            return plan.external
        kind, _, name = from_.partition("/")
        if kind == "node":
            try:
                return plan.node(name).netns
            except KeyError:
                raise DataplaneError(
                    f'Error from server (NotFound): nodes "{name}" not found'
                ) from None
        ref = f"default/{name}" if kind == "pod" else from_
        pod = plan.pod(ref)
        if pod is not None:
            return pod.netns
        for host_ref, node in plan.host_network_pods:
            if host_ref == ref:
                return plan.node(node).netns  # hostNetwork: the node's own namespace
        raise DataplaneError(f"pod {ref} has no network namespace in this data plane")

    def curl(
        self,
        url: str,
        *,
        from_: str | None = None,
        headers: dict[str, str] | None = None,
        method: str = "GET",
        connect_timeout: float = 1.0,
    ) -> Response:
        """Send one request through the kernel, as ``lab.curl`` does through the simulator.

        Host names are resolved by the simulator's CoreDNS for the same client (the data
        plane runs no DNS server); plain http only.
        """
        ns = self.netns_for(from_)
        try:
            u = parse_url(url)
        except CurlError as err:
            r = Response(url=url)
            r.error, r.curl_exit, r.curl_message = err.short, err.code, err.message
            return r
        host = u.host
        if host == "localhost":
            host = "127.0.0.1"
        elif not _is_ip(host):
            host = self._resolve(host, from_)
            if host is None:
                r = Response(url=url)
                r.error = r.curl_message = f"Could not resolve host: {u.host}"
                r.curl_exit = 6
                return r
        hdr = {"Host": u.host if u.port == 80 else f"{u.host}:{u.port}", **(headers or {})}
        return kernel_curl(
            ns,
            host,
            u.port,
            target=u.target,
            method=method,
            headers=hdr,
            connect_timeout=connect_timeout,
        )

    def _resolve(self, name: str, from_: str | None) -> str | None:
        from k8slab.net import dns_lookup, is_ip, resolve_client

        answer = dns_lookup(self.lab, resolve_client(self.lab, from_), name, "A")
        return next((a for a in answer.answers if is_ip(a)), None)

    def _need_plan(self) -> Plan:
        if self.plan is None:
            raise DataplaneError("the data plane is not up (call up() or use `with`)")
        return self.plan

    def describe(self) -> str:
        """Which namespace is which (for a person at a shell)."""
        plan = self._need_plan()
        lines = [
            f"{plan.fabric:<24} node network (bridge br0)",
            f"{plan.external:<24} external client 172.18.0.1",
        ]
        lines += [f"{n.netns:<24} node {n.name} {n.ip} (podCIDR {n.pod_cidr})" for n in plan.nodes]
        lines += [f"{p.netns:<24} pod {p.ref} {p.ip} on {p.node}" for p in plan.pods]
        return "\n".join(lines) + "\n"


def _is_ip(s: str) -> bool:
    from k8slab.net import is_ip

    return is_ip(s)


def _read_line(proc: subprocess.Popen, deadline: float) -> str:
    buf = b""
    fd = proc.stdout.fileno()
    while not buf.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0:
            break
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            break
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        buf += chunk
    return buf.decode(errors="replace")


def _stop_pids(pids: list[int]) -> None:
    """SIGTERM, then SIGKILL after a second, for processes this data plane started."""
    alive = []
    for pid in pids:
        try:
            os.kill(pid, signal.SIGTERM)
            alive.append(pid)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + 1.0
    while alive and time.monotonic() < deadline:
        alive = [pid for pid in alive if _exists(pid)]
        if alive:
            time.sleep(0.02)
    for pid in alive:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _exists(pid: int) -> bool:
    try:
        waited, _ = os.waitpid(pid, os.WNOHANG)
        if waited == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ", 1)[1][:1] != "Z"
    except (OSError, IndexError):
        return False


def teardown(prefix: str | None = None, *, everything: bool = False) -> list[str]:
    """Delete one run's namespaces, ending the processes left inside them (its pod servers);
    return the names deleted.

    Without ``prefix``: every run brought up to persist (``k8slab dataplane up``) and every
    leftover of a run whose process is gone; another live process's run is left alone unless
    ``everything``.
    """
    if prefix is not None:
        return _teardown_one(prefix)
    prefixes = sorted({n.split("-", 1)[0] for n in netns.ours()})
    if RUN_ROOT.exists():
        prefixes = sorted(set(prefixes) | {d.name for d in RUN_ROOT.glob("k8s*") if d.is_dir()})
    deleted: list[str] = []
    for p in prefixes:
        if everything or not _owned_by_live_process(p):
            deleted += _teardown_one(p)
    return deleted


def _owned_by_live_process(prefix: str) -> bool:
    run = _read_run(prefix)
    if run is None or run.get("persistent"):
        return False
    pid = run.get("pid")
    return isinstance(pid, int) and pid != os.getpid() and _exists(pid)


def _read_run(prefix: str) -> dict | None:
    try:
        return json.loads((RUN_ROOT / prefix / "run.json").read_text())
    except (OSError, ValueError):
        return None


def _teardown_one(prefix: str) -> list[str]:
    names = netns.ours(prefix)
    leftover: list[int] = []
    for ns in names:
        leftover += netns.pids(ns)
    _stop_pids(sorted(set(leftover)))
    netns.delete(names)
    shutil.rmtree(RUN_ROOT / prefix, ignore_errors=True)
    return names


def persistent_runs() -> list[str]:
    """Prefixes of the data planes brought up to outlive their process (``dataplane up``)."""
    if not RUN_ROOT.exists():
        return []
    return sorted(
        d.name for d in RUN_ROOT.glob("k8s*") if (_read_run(d.name) or {}).get("persistent")
    )


def attach(prefix: str | None = None, lab=None) -> Dataplane:
    """A handle on a data plane another process brought up (``k8slab dataplane up``)."""
    runs = persistent_runs() if prefix is None else [prefix]
    data = _read_run(runs[0]) if len(runs) == 1 else None
    if not runs or data is None:
        raise DataplaneError("no data plane is up (run `k8slab dataplane up` first)")
    if len(runs) > 1:
        raise DataplaneError(
            f"several data planes are up ({', '.join(runs)}): name one with --prefix"
        )
    dp = Dataplane(lab, prefix=data["prefix"], persistent=True)
    dp.plan = Plan.from_dict(data["plan"])
    dp._server_pids = list(data.get("server_pids") or [])
    return dp

"""``Cluster``: the facade that wires the simulated control plane together.

It holds no Kubernetes logic of its own: the API server stores and admits objects, the
controllers and kubelets reconcile them, and kubectl formats what comes out. See
``../shared/API.md`` for the contract.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

from k8slab import bootstrap, status
from k8slab.apiserver import APIServer
from k8slab.clock import EPOCH, VirtualClock, parse_time
from k8slab.controllers.manager import run_to_fixpoint
from k8slab.errors import ApiError, ManifestError
from k8slab.kubelet import Kubelet
from k8slab.net import NetworkState

# Seconds the virtual clock moves on every facade call, so that AGE columns advance the way
# they would while a student types — identically on every run.
TICK_SECONDS = 1
# How long the cluster has been up when ``Cluster()`` returns (kube-system pods show AGE 5m).
BOOT_SECONDS = 300

STATE_FORMAT = "k8slab-state/v1"


class Cluster:
    """A deterministic in-process Kubernetes cluster (see API.md).

    Parameters:
        nodes: a count of worker nodes (``node-1`` …), a list of names, or a mapping of
            names to InternalIPs.
        seed: every random choice (pod-name suffixes, ClusterIPs, NodePorts, load balancing)
            derives from it.
        cloud: with a cloud provider, LoadBalancer Services get an EXTERNAL-IP.
        lang: the language of k8slab's own explanations (request traces): ``"en"`` or
            ``"es"``. kubectl's, curl's and the API server's texts are never translated.
    """

    def __init__(
        self, nodes: Any = 2, *, seed: int = 0, cloud: bool = False, lang: str = "en"
    ) -> None:
        if not isinstance(seed, int) or isinstance(seed, bool):
            raise TypeError("seed must be an integer")
        self.seed = seed
        self.cloud = bool(cloud)
        if lang not in ("en", "es"):
            raise ValueError('lang must be "en" or "es"')
        self.lang = lang
        self.clock = VirtualClock(EPOCH)
        self.api = APIServer(seed=seed, clock=self.clock, service_cidr=bootstrap.SERVICE_CIDR)
        self.kubelet = Kubelet()
        self.network = NetworkState()
        self.cwd: str | None = None  # where `kubectl apply -f FILE` looks (default: os.getcwd())
        self._node_spec = bootstrap.node_names_and_ips(nodes)
        for i, (name, ip) in enumerate(self._node_spec):
            self.api.put(bootstrap.node_object(name, ip, i))
        for obj in bootstrap.control_plane_manifests():
            self.api.create(obj)
        self.reconcile()
        self.clock.advance(BOOT_SECONDS)

    # ------------------------------------------------------------ wiring
    def reconcile(self) -> None:
        """Run the controllers, scheduler and kubelets to a steady state."""
        run_to_fixpoint(self.api, self.kubelet, cloud=self.cloud)

    def _tick(self) -> None:
        self.clock.advance(TICK_SECONDS)

    @property
    def nodes(self) -> list[str]:
        return [n["metadata"]["name"] for n in self.api.list("Node")]

    # ---------------------------------------------------------- changing
    def apply(self, source: Any) -> list[str]:
        """Apply manifests (YAML text, a path, a dict or a list of dicts), as ``kubectl apply -f``.

        Returns kubectl's lines (``deployment.apps/nginx created`` …). The first invalid object
        raises ``ApiError`` (objects before it stay applied); unparseable YAML raises
        ``ManifestError``.
        """
        from k8slab.kubectl.apply import apply_object
        from k8slab.kubectl.resource import objects_from_source

        self._tick()
        docs, parse_error = objects_from_source(source, cwd=self.cwd, until_error=True)
        lines: list[str] = []
        try:
            for doc in docs:
                lines.append(apply_object(self, doc, namespace=None, mode="apply"))
        except ApiError as err:
            err.stdout = "".join(line + "\n" for line in lines)
            raise
        finally:
            self.reconcile()
        if parse_error is not None:
            parse_error.stdout = "".join(line + "\n" for line in lines)
            raise parse_error
        return lines

    def delete(self, kind: str, name: str, namespace: str = "default") -> None:
        """Delete one object (dependents are garbage-collected, as with kubectl delete)."""
        from k8slab.api.kinds import resolve_resource

        self._tick()
        k = resolve_resource(kind)
        if k is None:
            raise ApiError(f'error: the server doesn\'t have a resource type "{kind}"')
        try:
            self.api.delete(k, namespace, name)
        except status.StatusError as err:
            raise to_api_error(err) from None
        self.reconcile()

    def kubectl(self, command: str, *, stdin: str | None = None) -> str:
        """Run a kubectl command line and return what kubectl would print."""
        from k8slab.kubectl.commands import run

        self._tick()
        return run(self, command, stdin=stdin)

    def set_ready(self, pod: str, ready: bool | None = True) -> None:
        """Force a pod's readiness (``"NS/NAME"`` or ``"NAME"`` in default), as a probe would.

        ``ready=None`` removes the override, so the readiness probe decides again.
        """
        ns, _, name = pod.rpartition("/")
        ns = ns or "default"
        if ns == "pod":
            ns = "default"
        if self.api.get("Pod", ns, name) is None:
            raise ApiError(
                f'Error from server (NotFound): pods "{name}" not found',
                reason="NotFound",
                code=404,
            )
        self._tick()
        if ready is None:
            self.kubelet.ready_overrides.pop((ns, name), None)
        else:
            self.kubelet.ready_overrides[(ns, name)] = bool(ready)
        self.reconcile()

    # ------------------------------------------------------------ traffic
    def dns(
        self, name: str, type: str = "A", *, from_: str | None = "default", search: bool = True
    ):
        """Resolve ``name`` as a client would (default: an anonymous pod in ``default``).

        Returns a ``DnsAnswer`` with ``.rcode``, ``.answers`` and ``.tried`` (the names
        queried, in order, during the resolv.conf search walk — ndots:5 in pods).
        """
        from k8slab.net import ClientError, dns_lookup, resolve_dns_client

        self._tick()
        try:
            client = resolve_dns_client(self, from_)
        except ClientError as err:
            raise ApiError(str(err)) from None
        return dns_lookup(self, client, name, type, search=search)

    def curl(
        self,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        method: str = "GET",
        from_: str | None = None,
        insecure: bool = False,
        max_time: float | None = None,
    ):
        """Send one HTTP request through the simulated network and return a ``Response``.

        Parameters:
            url: ``http://HOST[:PORT]/path`` (a bare ``HOST:PORT`` means http).
            headers: extra request headers, e.g. ``{"Host": "nginx.my.com"}``.
            method: the HTTP method.
            from_: ``None`` (outside the cluster), ``"node/NAME"`` (a shell on that node),
                ``"NS/POD"`` or ``"pod/NAME"`` (inside that pod).
            insecure: accept any TLS certificate (``curl -k``).
            max_time: give up after this many seconds (``curl -m``), as curl reports it.
        """
        from k8slab.net import ClientError
        from k8slab.net import curl as _curl

        self._tick()
        try:
            return _curl(
                self,
                url,
                headers=headers,
                method=method,
                from_=from_,
                insecure=insecure,
                max_time=max_time,
            )
        except ClientError as err:
            raise ApiError(str(err)) from None

    def iptables_save(self, node: str, table: str = "nat") -> str:
        """The rules kube-proxy (iptables mode) wrote on ``node``, as ``iptables-save`` prints."""
        from k8slab.kube_proxy import iptables_save, node_ruleset

        if self.api.get("Node", "", node) is None:
            raise ApiError(
                f'Error from server (NotFound): nodes "{node}" not found',
                reason="NotFound",
                code=404,
            )
        if table not in ("nat", "filter", "mangle"):
            raise ApiError(
                f"iptables-save: table '{table}' does not exist (use nat, filter or mangle)"
            )
        return iptables_save(node_ruleset(self.api, node), table)

    def graph(self, **kw):
        """The cluster topology as a notebook display object (SVG where Graphviz is available).

        Keywords: ``namespace``, ``service`` (one in focus), ``trace`` (a ``Response`` whose
        path to highlight), ``show_system``.
        """
        from k8slab.notebook.render import graph

        return graph(self, **kw)

    def sleep(self, seconds: float) -> None:
        """Let virtual time pass (AGE columns move on)."""
        self.clock.advance(seconds)

    # ------------------------------------------------------------ state
    def to_dict(self) -> dict:
        return {
            "format": STATE_FORMAT,
            "seed": self.seed,
            "cloud": self.cloud,
            "lang": self.lang,
            "nodes": [[n, ip] for n, ip in self._node_spec],
            "clock": self.clock.timestamp(),
            "apiserver": self.api.snapshot(),
            "kubelet": self.kubelet.to_dict(),
            "network": self.network.to_dict(),
        }

    def save(self, path: str | os.PathLike) -> None:
        """Write the whole cluster to a JSON file (survives a kernel restart)."""
        data = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))
        p = Path(path)
        tmp = p.with_name(p.name + ".tmp")
        tmp.write_text(data, encoding="utf-8")
        os.replace(tmp, p)

    @classmethod
    def from_dict(cls, data: dict) -> Cluster:
        if not isinstance(data, dict) or data.get("format") != STATE_FORMAT:
            raise ValueError("not a k8slab cluster state file")
        self = cls.__new__(cls)
        self.seed = data["seed"]
        self.cloud = data["cloud"]
        self.lang = data.get("lang", "en")
        self.clock = VirtualClock(parse_time(data["clock"]))
        self.api = APIServer(seed=self.seed, clock=self.clock, service_cidr=bootstrap.SERVICE_CIDR)
        self.api.restore(copy.deepcopy(data["apiserver"]))
        self.kubelet = Kubelet()
        self.kubelet.load(data["kubelet"])
        self.network = NetworkState()
        self.network.load(data.get("network", {}))
        self.cwd = None
        self._node_spec = [tuple(x) for x in data["nodes"]]
        return self

    @classmethod
    def load(cls, path: str | os.PathLike) -> Cluster:
        """Read a cluster written by ``save``."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise ValueError(f"cannot load cluster state from {path}: {err}") from None
        return cls.from_dict(data)

    def __repr__(self) -> str:
        return f"<Cluster nodes={self.nodes} seed={self.seed} cloud={self.cloud}>"


def to_api_error(err: status.StatusError, *, stdout: str = "") -> ApiError:
    """An API-server status as kubectl reports it: ``message`` alone, ``aggregate_line`` when
    it is one of several errors of one command (``checkErr`` on an aggregate)."""
    e = ApiError(
        status.kubectl_text(err),
        [c.cause() for c in err.causes],
        reason=err.reason,
        code=err.code,
    )
    e.stdout = stdout
    e.aggregate_line = status.standard_message(err)
    return e


__all__ = ["Cluster", "ApiError", "ManifestError"]

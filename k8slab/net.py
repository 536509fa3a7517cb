"""The request path: client → DNS → node netfilter → pod → (ingress controller → pod).

``lab.curl`` is simulated by walking the rules kube-proxy wrote (``k8slab.kube_proxy``) — the
same Rule objects ``iptables_save`` prints — so the trace a student reads can never disagree
with the rules shown. Reachability follows a real cluster's network:

* a client outside the cluster (``from_=None``) reaches node IPs (NodePorts) and, with
  ``cloud=True``, LoadBalancer IPs; ClusterIPs and pod IPs are not routed to it (timeout);
* a node shell (``"node/NAME"``) sends from the node's IP through OUTPUT; ``127.0.0.1:NodePort``
  works as in the course (kube-proxy's localhost NodePorts);
* a pod (``"NS/POD"``) sends from its IP; its packets enter the node from the pod's veth, so
  they traverse PREROUTING (hostNetwork pods are node processes: OUTPUT).

Random choices (``-m statistic``, which node a cloud load balancer picks, the ingress
controller's round robin) come from the cluster seed and a per-cluster packet counter, so the
same notebook gives the same answers on every run.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from k8slab import bootstrap, rand
from k8slab.trace import (
    ClientHop,
    DeliverHop,
    DnsHop,
    NatHop,
    NoteHop,
    ResultHop,
    RouteHop,
    Trace,
)

# The host a client "outside the cluster" sits on: the kind network's gateway (your laptop).
EXTERNAL_CLIENT_IP = "172.18.0.1"
CURL_USER_AGENT = "curl/8.5.0"


@dataclass
class Response:
    """What ``lab.curl`` returns (see API.md)."""

    status: int = 0
    body: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    pod: str | None = None
    error: str | None = None
    trace: Trace = field(default_factory=Trace)
    curl_exit: int = 0  # curl's exit code (6, 7, 28 …) when error is set
    url: str = ""

    @property
    def ok(self) -> bool:
        return self.error is None

    def curl_output(self, *, include_headers: bool = False) -> str:
        """What the curl command line prints (body, or ``curl: (N) …`` on failure)."""
        if self.error is not None:
            return f"curl: ({self.curl_exit}) {self.curl_message}\n"
        if include_headers:
            head = (
                f"HTTP/1.1 {self.status} {_reason(self.status)}\r\n"
                + "".join(f"{k}: {v}\r\n" for k, v in self.headers.items())
                + "\r\n"
            )
            return head + self.body
        return self.body

    curl_message: str = ""

    def __str__(self) -> str:
        return self.curl_output()

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(self.curl_output())


def _reason(status: int) -> str:
    from k8slab.images.http import REASONS

    return REASONS.get(status, "")


class CurlError(Exception):
    def __init__(self, code: int, message: str, short: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.short = short or message


@dataclass(frozen=True)
class ParsedUrl:
    scheme: str
    host: str
    port: int
    target: str  # path + query


def parse_url(url: str) -> ParsedUrl:
    """Parse a URL the way curl does (scheme defaults to http, ports 0–65535)."""
    raw = url.strip()
    if not raw:
        raise CurlError(3, "URL rejected: Malformed input to a URL function")
    if "://" not in raw:
        raw = "http://" + raw
    scheme = raw.split("://", 1)[0].lower()
    if scheme not in ("http", "https"):
        raise CurlError(1, f'Protocol "{scheme}" not supported')
    rest = raw.split("://", 1)[1]
    hostport = re.split(r"[/?#]", rest, maxsplit=1)[0]
    if "@" in hostport:
        hostport = hostport.rsplit("@", 1)[1]
    if not hostport:
        raise CurlError(3, "URL rejected: No host part in the URL")
    if hostport.startswith("["):
        raise CurlError(3, "URL rejected: Malformed input to a URL function")
    host, _, port_s = hostport.partition(":")
    if port_s == "":
        port = 443 if scheme == "https" else 80
    elif not port_s.isdigit() or int(port_s) > 65535:
        raise CurlError(3, "URL rejected: Port number was not a decimal number between 0 and 65535")
    else:
        port = int(port_s)
    if not re.fullmatch(r"[A-Za-z0-9._-]+", host) or host.startswith(".") or ".." in host:
        raise CurlError(
            3, "URL rejected: Bad hostname" if host else "URL rejected: No host part in the URL"
        )
    parts = urlsplit(raw)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    return ParsedUrl(scheme, host.lower(), port, target)


@dataclass(frozen=True)
class Client:
    kind: str  # "external", "node", "pod"
    node: str | None
    ip: str
    pod: dict | None = None

    @property
    def describe(self) -> str:
        if self.kind == "external":
            return "outside the cluster"
        if self.kind == "node":
            return f"a shell on node {self.node}"
        md = self.pod["metadata"]
        return f"pod {md['namespace']}/{md['name']} on {self.node}"

    @property
    def host_network(self) -> bool:
        return self.kind == "node" or bool(self.pod and self.pod["spec"].get("hostNetwork"))


class ClientError(ValueError):
    pass


def resolve_client(cluster, from_: str | None) -> Client:
    if from_ is None or from_ in ("", "external", "outside"):
        return Client("external", None, EXTERNAL_CLIENT_IP)
    if not isinstance(from_, str):
        raise ClientError(f"from_ must be None, 'node/NAME', 'NS/POD' or 'pod/NAME', not {from_!r}")
    kind, _, name = from_.partition("/")
    if kind == "node":
        node = cluster.api.get("Node", "", name)
        if node is None:
            raise ClientError(f'Error from server (NotFound): nodes "{name}" not found')
        return Client("node", name, node_ip(node))
    ns, pod_name = ("default", name) if kind == "pod" else (kind, name)
    if not name:
        raise ClientError(f"from_={from_!r}: use 'node/NAME', 'NS/POD' or 'pod/NAME'")
    pod = cluster.api.get("Pod", ns, pod_name)
    if pod is None:
        raise ClientError(f'Error from server (NotFound): pods "{pod_name}" not found')
    st = pod.get("status") or {}
    if st.get("phase") != "Running":
        raise ClientError(
            f"error: cannot exec into a container in a completed pod; current phase is "
            f"{st.get('phase', 'Pending')}"
        )
    return Client("pod", pod["spec"].get("nodeName"), st.get("podIP", ""), pod)


def node_ip(node: dict) -> str:
    for a in node["status"]["addresses"]:
        if a["type"] == "InternalIP":
            return a["address"]
    raise ValueError(f"node {node['metadata']['name']} has no InternalIP")


class NetworkState:
    """Per-cluster traffic state: the packet counter behind every random draw, ClientIP
    affinity (the ``recent`` module's lists, per node) and the ingress round-robin cursors."""

    def __init__(self) -> None:
        self.packets = 0
        self.recent: dict[str, dict[str, dict[str, float]]] = {}
        self.round_robin: dict[str, int] = {}

    def next_rng(self, seed: int):
        self.packets += 1
        return rand.stream(seed, "traffic", str(self.packets))

    def to_dict(self) -> dict:
        return {"packets": self.packets, "recent": self.recent, "round_robin": self.round_robin}

    def load(self, data: dict) -> None:
        self.packets = data.get("packets", 0)
        self.recent = data.get("recent", {})
        self.round_robin = data.get("round_robin", {})


def is_ip(s: str) -> bool:
    try:
        ipaddress.IPv4Address(s)
    except ValueError:
        return False
    return True


def pod_by_ip(cluster, ip: str) -> dict | None:
    for p in cluster.api.list("Pod"):
        st = p.get("status") or {}
        if (
            st.get("podIP") == ip
            and not p["spec"].get("hostNetwork")
            and st.get("phase") == "Running"
        ):
            return p
    return None


def node_by_ip(cluster, ip: str) -> dict | None:
    for n in cluster.api.list("Node"):
        if node_ip(n) == ip:
            return n
    return None


def node_for_pod_cidr(cluster, ip: str) -> dict | None:
    addr = ipaddress.IPv4Address(ip)
    for n in cluster.api.list("Node"):
        if addr in ipaddress.ip_network(n["spec"]["podCIDR"]):
            return n
    return None


def bridge_ip(node: dict) -> str:
    """The node's address on the pod bridge (the podCIDR's .1, kindnet/host-local gateway)."""
    return str(ipaddress.ip_network(node["spec"]["podCIDR"]).network_address + 1)


def in_pod_cidr(ip: str) -> bool:
    return ipaddress.IPv4Address(ip) in ipaddress.ip_network(bootstrap.POD_CIDR)


__all__ = [
    "Client",
    "CurlError",
    "NetworkState",
    "ParsedUrl",
    "Response",
    "parse_url",
    "resolve_client",
    "DnsHop",
    "NatHop",
    "RouteHop",
    "DeliverHop",
    "ClientHop",
    "NoteHop",
    "ResultHop",
]


# ------------------------------------------------------------------------------------ DNS
def client_resolv(client: Client):
    """The resolv.conf the client's resolver reads (pods: kubelet's; nodes/outside: the host's)."""
    from k8slab.dns.resolvconf import NODE_NAMESERVERS, ResolvConf, pod_resolv_conf

    if client.pod is not None:
        return pod_resolv_conf(
            client.pod, dns_ip=bootstrap.DNS_SERVICE_IP, domain=bootstrap.CLUSTER_DOMAIN
        )
    return ResolvConf(NODE_NAMESERVERS, (), ("ndots:0",))


def resolve_dns_client(cluster, from_: str | None) -> Client:
    """``lab.dns``'s ``from_``: like curl's, or a bare namespace for an anonymous pod there."""
    if from_ is not None and "/" not in from_ and from_ not in ("", "external", "outside"):
        if cluster.api.get("Namespace", "", from_) is None:
            raise ClientError(f'Error from server (NotFound): namespaces "{from_}" not found')
        anon = {
            "metadata": {"name": "dns-client", "namespace": from_},
            "spec": {"dnsPolicy": "ClusterFirst"},
            "status": {},
        }
        return Client("pod", None, "", anon)
    return resolve_client(cluster, from_)


def dns_lookup(
    cluster,
    client: Client,
    name: str,
    qtype: str = "A",
    *,
    search: bool = True,
    trace: Trace | None = None,
):
    """Resolve ``name`` from ``client`` through its resolv.conf (glibc walk, CoreDNS answers)."""
    from k8slab.dns import lookup

    resolv = client_resolv(client)
    answer = lookup(
        cluster.api,
        name,
        qtype,
        resolv=resolv,
        search=search,
        rng=cluster.network.next_rng(cluster.seed),
    )
    if trace is not None:
        server = resolv.nameservers[0] if resolv.nameservers else "-"
        for i, tried in enumerate(answer.tried):
            last = i == len(answer.tried) - 1
            rcode = answer.rcode if last else "NXDOMAIN/NODATA"
            trace.add(DnsHop(tried, qtype, rcode, tuple(answer.answers) if last else (), server))
    return answer

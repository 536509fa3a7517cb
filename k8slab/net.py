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
    NetfilterHop,
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


# ---------------------------------------------------------------------------------- curl
@dataclass
class _Packet:
    src_ip: str
    dst_ip: str
    dst_port: int


class _Fail(Exception):
    """A connection that ends without an HTTP answer (curl's exit code and message)."""

    def __init__(self, code: int, message: str, short: str) -> None:
        super().__init__(message)
        self.code, self.message, self.short = code, message, short


def _refused(dst: str, port: int) -> _Fail:
    return _Fail(
        7,
        f"Failed to connect to {dst} port {port} after 0 ms: Connection refused",
        "Connection refused",
    )


def _timeout(dst: str, port: int) -> _Fail:
    return _Fail(
        28,
        f"Failed to connect to {dst} port {port} after 134000 ms: Connection timed out",
        "Connection timed out",
    )


def _no_route(dst: str, port: int) -> _Fail:
    return _Fail(
        7,
        f"Failed to connect to {dst} port {port} after 3075 ms: No route to host",
        "No route to host",
    )


def curl(
    cluster,
    url: str,
    *,
    headers: dict[str, str] | None = None,
    method: str = "GET",
    from_: str | None = None,
    insecure: bool = False,
    max_time: float | None = None,
) -> Response:
    """One HTTP request through the simulated network (see the module docstring)."""
    trace = Trace(lang=getattr(cluster, "lang", "en"))
    resp = Response(trace=trace, url=url)
    try:
        u = parse_url(url)
    except CurlError as err:
        return _failed(resp, err.code, err.message, err.short)
    client = resolve_client(cluster, from_)
    src = client.ip
    trace.add(ClientHop(client.describe, src))
    method = (method or "GET").upper()
    hdrs = _request_headers(u, headers)
    try:
        dst_ip = _resolve_host(cluster, client, u.host, trace)
        pod, container, port, seen_src = _connect(cluster, client, dst_ip, u.port, trace)
        answer = _http(
            cluster, pod, container, port, seen_src, u, method, hdrs, trace, insecure=insecure
        )
    except _Fail as fail:
        if fail.code == 28 and max_time is not None:
            # curl -m N gives up itself: "Connection timed out after N001 milliseconds".
            fail = _Fail(
                28,
                f"Connection timed out after {int(max_time * 1000) + 1} milliseconds",
                fail.short,
            )
        return _failed(resp, fail.code, fail.message, fail.short)
    resp.status, resp.body, resp.headers, resp.pod = answer
    trace.add(ResultHop(resp.status, None))
    return resp


def _failed(resp: Response, code: int, message: str, short: str) -> Response:
    resp.error = short
    resp.curl_exit = code
    resp.curl_message = message
    resp.trace.add(ResultHop(0, f"curl: ({code}) {message}"))
    return resp


def _request_headers(u: ParsedUrl, headers: dict[str, str] | None) -> dict[str, str]:
    default_port = 443 if u.scheme == "https" else 80
    host = u.host if u.port == default_port else f"{u.host}:{u.port}"
    out = {"Host": host, "User-Agent": CURL_USER_AGENT, "Accept": "*/*"}
    for k, v in (headers or {}).items():
        canon = next((h for h in out if h.lower() == k.lower()), k)
        out[canon] = v
    return out


def _resolve_host(cluster, client: Client, host: str, trace: Trace) -> str:
    if is_ip(host):
        return host
    if host == "localhost":
        return "127.0.0.1"
    answer = dns_lookup(cluster, client, host, "A", trace=trace)
    addrs = [a for a in answer.answers if is_ip(a)]
    if not addrs:
        raise _Fail(6, f"Could not resolve host: {host}", f"Could not resolve host: {host}")
    return addrs[0]


def _entry(cluster, client: Client, dst_ip: str) -> tuple[str | None, str, str]:
    """(node, netfilter hook, source IP) where the client's SYN meets kube-proxy's rules."""
    if client.kind == "external":
        node = node_by_ip(cluster, dst_ip)
        if node is not None:
            return node["metadata"]["name"], "PREROUTING", client.ip
        if _is_load_balancer_ip(cluster, dst_ip):
            nodes = [n["metadata"]["name"] for n in cluster.api.list("Node")]
            rng = cluster.network.next_rng(cluster.seed)
            return nodes[rng.randrange(len(nodes))], "PREROUTING", client.ip
        return None, "", client.ip
    if client.host_network:
        src = "127.0.0.1" if dst_ip.startswith("127.") else client.ip
        return client.node, "OUTPUT", src
    return client.node, "PREROUTING", client.ip


def _is_load_balancer_ip(cluster, ip: str) -> bool:
    for svc in cluster.api.list("Service"):
        for ing in ((svc.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []:
            if ing.get("ip") == ip:
                return True
    return False


def _connect(cluster, client: Client, dst_ip: str, port: int, trace: Trace):
    """Walk netfilter and routing to the container that accepts the connection."""
    from k8slab.kube_proxy import node_ruleset, trace_packet

    if client.kind == "pod" and not client.host_network and dst_ip.startswith("127."):
        return _accept(cluster, client.pod, port, "127.0.0.1", dst_ip, trace)
    node, hook, src = _entry(cluster, client, dst_ip)
    if node is None:
        if dst_ip.startswith("127."):
            raise _refused(dst_ip, port)
        trace.add(
            NoteHop(
                f"{dst_ip} is not reachable from outside the cluster: ClusterIPs and "
                "pod IPs are only routed inside it",
                f"{dst_ip} no es accesible desde fuera del clúster: las ClusterIP y las IP "
                "de los pods solo se enrutan dentro de él",
            )
        )
        raise _timeout(dst_ip, port)
    original = f"{dst_ip}:{port}"
    for _hop in range(2):
        ruleset = node_ruleset(cluster.api, node)
        result = trace_packet(
            ruleset,
            src_ip=src,
            dst_ip=dst_ip,
            dst_port=port,
            protocol="tcp",
            hook=hook,
            rng=cluster.network.next_rng(cluster.seed),
            affinity_state=cluster.network.recent.setdefault(node, {}),
            now=cluster.clock.now().timestamp(),
        )
        trace.rules_walked += result.rules_evaluated
        for hit in result.matches:
            trace.add(NetfilterHop(hit.node, hit.table, hit.chain, hit.raw))
            if " -j DNAT " in hit.raw and result.dnat:
                trace.add(NatHop(node, "DNAT", original, result.dnat))
        if result.verdict == "REJECT":
            trace.add(
                NoteHop(
                    f"[{node}] the packet was rejected (ICMP port unreachable)",
                    f"[{node}] el paquete se rechaza (ICMP port unreachable)",
                )
            )
            raise _refused(dst_ip, port)
        if result.verdict == "DROP":
            raise _timeout(dst_ip, port)
        dst_ip, port = result.dst_ip, result.dst_port
        node_obj = cluster.api.get("Node", "", node)
        target_pod = pod_by_ip(cluster, dst_ip)
        if result.masqueraded:
            if target_pod is not None and target_pod["spec"].get("nodeName") == node:
                new_src = bridge_ip(node_obj)
            else:
                new_src = node_ip(node_obj)
            if new_src != src:
                trace.add(NatHop(node, "MASQUERADE", src, new_src))
                src = new_src
        if (
            target_pod is not None
            and _hop == 1
            and result.dnat
            and src == client.ip
            and client.kind == "pod"
            and not client.host_network
            and target_pod["spec"].get("nodeName") != node
        ):
            # DNAT on this node without SNAT, to a pod elsewhere: the pod answers the client
            # pod straight back, around this node, so its conntrack never un-DNATs the reply,
            # and the client's node drops it as INVALID (KUBE-FORWARD). Found by
            # tests/dataplane_kernel (real kernel): e.g. a pod → another node's NodePort with
            # externalTrafficPolicy Local ("pod traffic for … external destinations").
            trace.add(
                NoteHop(
                    f"[{node}] DNAT without MASQUERADE to {dst_ip} on another node: the "
                    "reply bypasses this node's conntrack, so it never reaches the client",
                    f"[{node}] DNAT sin MASQUERADE hacia {dst_ip} en otro nodo: la respuesta no "
                    "pasa por el conntrack de este nodo y nunca llega al cliente",
                )
            )
            raise _timeout(original.rsplit(":", 1)[0], int(original.rsplit(":", 1)[1]))
        if target_pod is not None:
            to = target_pod["spec"]["nodeName"]
            via = (
                "the pod network (cni bridge)"
                if to == node
                else f"podCIDR {cluster.api.get('Node', '', to)['spec']['podCIDR']} via "
                f"{node_ip(cluster.api.get('Node', '', to))}"
            )
            trace.add(RouteHop(node, to, dst_ip, via))
            return _accept(cluster, target_pod, port, src, dst_ip, trace)
        local = dst_ip.startswith("127.") or dst_ip == node_ip(node_obj)
        if local:
            trace.add(RouteHop(node, node, dst_ip, "a local address of the node"))
            host_pod = _host_network_listener(cluster, node, port)
            if host_pod is None:
                raise _refused(dst_ip, port)
            return _accept(cluster, host_pod, port, src, dst_ip, trace)
        other = node_by_ip(cluster, dst_ip)
        if other is not None:
            nxt = other["metadata"]["name"]
            trace.add(RouteHop(node, nxt, dst_ip, "the node network"))
            node, hook = nxt, "PREROUTING"
            original = f"{dst_ip}:{port}"
            continue
        if in_pod_cidr(dst_ip):
            raise _no_route(dst_ip, port)
        trace.add(
            NoteHop(
                f"{dst_ip} is outside the cluster and this simulator has no Internet",
                f"{dst_ip} está fuera del clúster y este simulador no tiene Internet",
            )
        )
        raise _timeout(dst_ip, port)
    raise _timeout(dst_ip, port)


def _host_network_listener(cluster, node: str, port: int) -> dict | None:
    from k8slab.images import serving_ports

    for p in cluster.api.list("Pod"):
        if p["spec"].get("hostNetwork") and p["spec"].get("nodeName") == node:
            for c in p["spec"].get("containers") or []:
                if (port, "TCP") in serving_ports(c):
                    return p
    return None


def _accept(cluster, pod: dict, port: int, src: str, dst: str, trace: Trace):
    from k8slab.images import serving_ports

    for c in pod["spec"].get("containers") or []:
        if (port, "TCP") in serving_ports(c):
            ref = f"{pod['metadata']['namespace']}/{pod['metadata']['name']}"
            trace.add(DeliverHop(ref, c["name"], port, src))
            return pod, c, port, src
    ref = f"{pod['metadata']['namespace']}/{pod['metadata']['name']}"
    trace.add(
        NoteHop(
            f"pod {ref} has no container listening on port {port}: TCP reset",
            f"el pod {ref} no tiene ningún contenedor escuchando en el puerto {port}: TCP reset",
        )
    )
    raise _refused(dst, port)


def _http(cluster, pod, container, port, src, u: ParsedUrl, method, hdrs, trace, *, insecure):
    from k8slab.images import image_name
    from k8slab.images.behaviours import handler_for
    from k8slab.images.context import HandlerContext
    from k8slab.images.http import HttpRequest

    if "ingress-nginx/controller" in image_name(container.get("image", "")):
        return _ingress(
            cluster, pod, container, port, src, u, method, hdrs, trace, insecure=insecure
        )
    if u.scheme == "https":
        raise _Fail(
            35,
            "OpenSSL/3.0.13: error:0A00010B:SSL routines::wrong version number",
            "TLS handshake failed: the server does not speak TLS on this port",
        )
    handler = handler_for(container)
    if handler is None:
        raise _Fail(52, "Empty reply from server", "Empty reply from server")
    rng = cluster.network.next_rng(cluster.seed)
    req = HttpRequest(
        method, u.target, tuple(hdrs.items()), src, 32768 + rng.randrange(28000), u.scheme, port
    )
    out = handler(req, HandlerContext(cluster, pod, container, port))
    ref = f"{pod['metadata']['namespace']}/{pod['metadata']['name']}"
    return out.status, out.body, out.header_dict(), ref


def _ingress(cluster, pod, container, port, src, u, method, hdrs, trace, *, insecure):
    """The ingress-nginx controller: route by the cluster's Ingresses, proxy to an endpoint."""
    from k8slab.images.behaviours import handler_for
    from k8slab.images.context import HandlerContext
    from k8slab.images.http import HttpRequest
    from k8slab.ingress import controller_config_from_pod, route
    from k8slab.trace import IngressHop

    ref = f"{pod['metadata']['namespace']}/{pod['metadata']['name']}"
    named = {p.get("containerPort"): p.get("name") for p in container.get("ports") or []}
    scheme = "https" if (port == 443 or named.get(port) == "https") else "http"
    if scheme != u.scheme:
        if scheme == "https":
            raise _Fail(52, "Empty reply from server", "plain HTTP sent to the HTTPS port")
        raise _Fail(
            35,
            "OpenSSL/3.0.13: error:0A00010B:SSL routines::wrong version number",
            "TLS handshake failed: this port speaks plain HTTP",
        )
    cfg = controller_config_from_pod(pod, reader=cluster.api)
    host = next((v for k, v in hdrs.items() if k.lower() == "host"), u.host)
    d = route(
        cluster.api,
        controller=cfg,
        host=host,
        path=u.target,
        scheme=scheme,
        user_agent=hdrs.get("User-Agent"),
    )
    if scheme == "https" and d.certificate is not None and not insecure:
        cert = d.certificate.certificate
        self_signed = cert is None or cert.issuer_cn == cert.subject_cn
        why = "self-signed certificate" if self_signed else "unable to get local issuer certificate"
        trace.add(
            IngressHop(
                ref,
                "TLS",
                f"certificate from {d.certificate.source}: {d.certificate.reason}",
                d.certificate.source != "ingress-secret",
            )
        )
        raise _Fail(
            60,
            f"SSL certificate problem: {why}",
            f"SSL certificate problem: {why} (use insecure=True, like curl -k)",
        )
    detail = "; ".join(str(r) for r in d.explain) or d.outcome
    where = ""
    if d.ingress is not None:
        where = f"Ingress {d.ingress}"
        if d.path is not None:
            where += f" rule host={d.host or '*'} path={d.path} ({d.path_type})"
        if d.backend is not None:
            where += f" → Service {d.backend.service}:{d.service_port}"
    trace.add(
        IngressHop(
            ref, d.outcome, (where + ": " if where else "") + detail, bool(d.ingress_nginx_specific)
        )
    )
    rng = cluster.network.next_rng(cluster.seed)
    ctx = HandlerContext(cluster, pod, container, port)
    req_id = f"{rng.getrandbits(128):032x}"
    if d.status is not None or not d.endpoints:
        body = d.body or ""
        headers = dict(d.headers)
        _ingress_log(
            ctx, src, method, u.target, hdrs, d.status or 503, len(body.encode()), "-", "-", req_id
        )
        return d.status or 503, body, headers, ref
    key = f"{d.backend.namespace}/{d.backend.service}:{d.service_port}" if d.backend else "default"
    i = cluster.network.round_robin.get(key, -1) + 1
    cluster.network.round_robin[key] = i
    ep = d.endpoints[i % len(d.endpoints)]
    trace.add(
        NoteHop(
            f"ingress-nginx proxies straight to the endpoint {ep.ip}:{ep.port} "
            "(round robin over the Service's ready endpoints, not via its ClusterIP)",
            f"ingress-nginx reenvía directamente al endpoint {ep.ip}:{ep.port} (round robin "
            "entre los endpoints listos del Service, sin pasar por su ClusterIP)",
        )
    )
    backend_pod = pod_by_ip(cluster, ep.ip)
    if backend_pod is None:
        raise _Fail(52, "Empty reply from server", "backend pod vanished")
    controller_ip = (pod.get("status") or {}).get("podIP", src)
    bp, bc, bport, _ = _accept(cluster, backend_pod, ep.port, controller_ip, ep.ip, trace)
    fwd = dict(hdrs)
    fwd.update(
        {
            "X-Request-ID": req_id,
            "X-Real-IP": src,
            "X-Forwarded-For": src,
            "X-Forwarded-Host": host.split(":")[0],
            "X-Forwarded-Port": str(port),
            "X-Forwarded-Proto": scheme,
            "X-Forwarded-Scheme": scheme,
            "X-Scheme": scheme,
        }
    )
    handler = handler_for(bc)
    if handler is None:
        raise _Fail(52, "Empty reply from server", "backend speaks no HTTP")
    out = handler(
        HttpRequest(
            method,
            u.target,
            tuple(fwd.items()),
            controller_ip,
            32768 + rng.randrange(28000),
            "http",
            bport,
        ),
        HandlerContext(cluster, bp, bc, bport),
    )
    headers = out.header_dict()
    headers.pop("Server", None)
    headers = {"Date": ctx.http_date, **{k: v for k, v in headers.items() if k != "Date"}}
    if scheme == "https":
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    upstream = f"{d.backend.namespace}-{d.backend.service}-{d.service_port}"
    _ingress_log(
        ctx,
        src,
        method,
        u.target,
        hdrs,
        out.status,
        len(out.body.encode()),
        upstream,
        f"{ep.ip}:{ep.port}",
        req_id,
    )
    bref = f"{bp['metadata']['namespace']}/{bp['metadata']['name']}"
    return out.status, out.body, headers, bref


def _ingress_log(ctx, src, method, target, hdrs, status, size, upstream, addr, req_id) -> None:
    """ingress-nginx's default ``log-format-upstream`` (docs: user-guide/nginx-configuration/
    log-format)."""
    ua = hdrs.get("User-Agent", "-")
    ctx.log(
        f'{src} - - [{ctx.log_time}] "{method} {target} HTTP/1.1" {status} {size} "-" "{ua}" '
        f"{60 + len(target) + len(ua)} 0.001 [{upstream}] [] {addr} {size if addr != '-' else '-'} "
        f"{'0.001' if addr != '-' else '-'} {status if addr != '-' else '-'} {req_id}"
    )

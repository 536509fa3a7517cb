"""The cluster topology as a DOT graph: nodes, pods, Services, endpoints, Ingress rules.

``build_graph`` only *reads* the store (``cluster.api.list``/``get``) and draws what it finds;
it decides nothing a controller decides. Which pods back a Service comes from the
EndpointSlices the endpointslice controller wrote (ready and not-ready endpoints, as kube-proxy
reads them); where a request went comes from the hops of its trace (``k8slab.trace``).

Layout (left to right, ``rankdir=LR``)::

    client → Ingress → Service → pods, each pod inside the cluster of the node it runs on

* each worker node is a cluster labelled with its name and InternalIP; its pods sit inside,
  grouped by namespace when more than one namespace is drawn; pods not yet scheduled go to a
  "sin nodo asignado" cluster;
* a pod shows its name and IP; ready pods are solid green, running-but-unready pods dashed
  orange, pending/failed pods dashed red, completed pods grey;
* a Service shows its type, ClusterIP, ports (``80:31238/TCP`` for NodePorts) and EXTERNAL-IP;
  its edges go to the EndpointSlice endpoints: solid for ready, dashed grey for not ready;
* an Ingress shows its class; each rule path is an edge ``host + path`` → Service;
* with ``trace=``, the hops of a ``lab.curl`` response are mapped onto the drawing: the
  client, each Service whose kube-proxy chains the packet went through (the chain names are
  written on the edge), the pod that answered, the ingress controller and the Ingress rule,
  all drawn in red with numbered steps, plus a note listing every hop.

Beyond ``max_pods`` pods (50 by default) pods are summarised: one box per owner
(Deployment, DaemonSet, StatefulSet, Job or bare pod) per node and namespace, with counts.

Everything is sorted, so the same cluster always gives byte-identical DOT.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from k8slab.errors import ApiError
from k8slab.notebook.dot import new_digraph

# Namespaces a fresh kubeadm/kind cluster creates for itself; hidden unless show_system=True.
SYSTEM_NAMESPACES = ("kube-node-lease", "kube-public", "kube-system")
# The API server's own Service lives in "default" but is part of the control plane.
SYSTEM_SERVICES = (("default", "kubernetes"),)
# Above this many pods the graph groups pods by owner instead of drawing each one.
MAX_PODS = 50

FONT = "Helvetica"
HIGHLIGHT = "#d32f2f"

POD_STYLES: dict[str, dict[str, str]] = {
    "ready": {"style": "rounded,filled", "fillcolor": "#e8f5e9", "color": "#2e7d32"},
    "unready": {"style": "rounded,filled,dashed", "fillcolor": "#fff3e0", "color": "#ef6c00"},
    "pending": {"style": "rounded,filled,dashed", "fillcolor": "#ffebee", "color": "#c62828"},
    "done": {
        "style": "rounded,filled",
        "fillcolor": "#eeeeee",
        "color": "#9e9e9e",
        "fontcolor": "#616161",
    },
}
SERVICE_STYLE = {"shape": "box", "style": "filled", "fillcolor": "#e3f2fd", "color": "#1565c0"}
MISSING_STYLE = {"shape": "box", "style": "dashed", "color": "#c62828", "fontcolor": "#c62828"}
INGRESS_STYLE = {"shape": "box", "style": "filled", "fillcolor": "#f3e5f5", "color": "#6a1b9a"}
READY_EDGE = {"color": "#2e7d32"}
NOT_READY_EDGE = {"color": "#9e9e9e", "style": "dashed", "fontcolor": "#757575"}

_COMMENT_SERVICE = re.compile(r'--comment "?([a-z0-9][a-z0-9.-]*)/([a-z0-9][a-z0-9.-]*)')


# ---------------------------------------------------------------------------- the scene
@dataclass
class _Item:
    """One drawn box. ``place`` is the cluster path it sits in (``()`` = top level)."""

    id: str
    label: str
    attrs: dict[str, str]
    place: tuple[str, ...] = ()


@dataclass
class _Scene:
    """What will be drawn, before it is written as DOT (so the trace can restyle it)."""

    items: dict[str, _Item] = field(default_factory=dict)
    edges: dict[tuple[str, str, str], dict[str, str]] = field(default_factory=dict)
    clusters: dict[tuple[str, ...], dict[str, str]] = field(default_factory=dict)

    def add(self, item: _Item) -> None:
        self.items.setdefault(item.id, item)

    def edge(self, tail: str, head: str, key: str = "", **attrs: str) -> None:
        self.edges.setdefault((tail, head, key), dict(attrs))


# -------------------------------------------------------------------- reading objects
def _md(obj: dict) -> dict:
    return obj.get("metadata", {})


def _key(obj: dict) -> tuple[str, str]:
    return (_md(obj).get("namespace", ""), _md(obj).get("name", ""))


def _pod_state(pod: dict) -> str:
    status = pod.get("status", {})
    phase = status.get("phase", "Pending")
    if phase == "Succeeded":
        return "done"
    if phase in ("Pending", "Failed", "Unknown") or _md(pod).get("deletionTimestamp"):
        return "pending"
    for cond in status.get("conditions", []):
        if cond.get("type") == "Ready":
            return "ready" if cond.get("status") == "True" else "unready"
    return "unready"


def _node_ip(node: dict) -> str:
    for addr in node.get("status", {}).get("addresses", []):
        if addr.get("type") == "InternalIP":
            return addr.get("address", "")
    return ""


def _service_lines(svc: dict) -> list[str]:
    spec = svc.get("spec", {})
    kind = spec.get("type", "ClusterIP")
    lines = [f"svc/{_md(svc).get('name', '')}"]
    if kind == "ExternalName":
        return lines + [f"ExternalName {spec.get('externalName', '')}"]
    lines.append(f"{kind} {spec.get('clusterIP', '') or '<pending>'}")
    ingress = svc.get("status", {}).get("loadBalancer", {}).get("ingress", [])
    external = [i.get("ip") or i.get("hostname", "") for i in ingress] + list(
        spec.get("externalIPs", [])
    )
    if kind == "LoadBalancer" or external:
        lines.append("EXTERNAL-IP " + (",".join(external) if external else "<pending>"))
    ports = []
    for p in spec.get("ports", []):
        text = str(p.get("port", ""))
        if p.get("nodePort"):
            text += f":{p['nodePort']}"
        ports.append(f"{text}/{p.get('protocol', 'TCP')}")
    if ports:
        lines.append(",".join(ports))
    return lines


def _owner(pod: dict, replicasets: dict[tuple[str, str], dict]) -> str:
    """``Kind/name`` of the workload that owns ``pod`` (a ReplicaSet's Deployment)."""
    ns = _md(pod).get("namespace", "")
    for ref in _md(pod).get("ownerReferences", []):
        if not ref.get("controller"):
            continue
        if ref.get("kind") == "ReplicaSet":
            rs = replicasets.get((ns, ref.get("name", "")))
            for up in _md(rs or {}).get("ownerReferences", []):
                if up.get("controller"):
                    return f"{up.get('kind')}/{up.get('name')}"
        return f"{ref.get('kind')}/{ref.get('name')}"
    return f"Pod/{_md(pod).get('name', '')}"


def _label(lines: Iterable[str]) -> str:
    """A DOT label: backslashes escaped, one line per element (centred)."""
    return "\\n".join(line.replace("\\", "\\\\") for line in lines)


def _left_label(lines: Iterable[str]) -> str:
    """A DOT label with left-justified lines (``\\l``)."""
    return "".join(line.replace("\\", "\\\\") + "\\l" for line in lines)


def pod_id(ns: str, name: str) -> str:
    return f"pod/{ns}/{name}"


def service_id(ns: str, name: str) -> str:
    return f"svc/{ns}/{name}"


def ingress_id(ns: str, name: str) -> str:
    return f"ing/{ns}/{name}"


def node_cluster(name: str) -> str:
    return f"cluster_node_{name}"


# ----------------------------------------------------------------------- the trace
@dataclass
class _TracePath:
    """The hops of a response mapped onto object keys, in the order the request met them."""

    steps: list[tuple[str, tuple[str, str]]] = field(default_factory=list)  # (kind, key)
    nodes: list[str] = field(default_factory=list)
    chains: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    client: str | None = None  # label of an outside/node client
    client_node: str | None = None
    ingress_detail: str = ""
    lines: list[str] = field(default_factory=list)

    def visit(self, kind: str, key: tuple[str, str]) -> None:
        if not self.steps or self.steps[-1] != (kind, key):
            self.steps.append((kind, key))

    def keys(self, kind: str) -> set[tuple[str, str]]:
        return {k for s, k in self.steps if s == kind}


class _Index:
    """The store read once: objects by key and the look-ups the trace mapping needs."""

    def __init__(self, cluster: Any) -> None:
        api = cluster.api
        self.nodes = sorted(api.list("Node"), key=lambda n: _md(n).get("name", ""))
        self.pods = {_key(p): p for p in api.list("Pod")}
        self.services = {_key(s): s for s in api.list("Service")}
        self.ingresses = {_key(i): i for i in api.list("Ingress")}
        self.slices: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for s in sorted(api.list("EndpointSlice"), key=_key):
            svc = _md(s).get("labels", {}).get("kubernetes.io/service-name")
            if svc:
                self.slices[(_md(s).get("namespace", ""), svc)].append(s)
        self.replicasets = {_key(r): r for r in api.list("ReplicaSet")}
        # A pod IP names one pod, except hostNetwork pods, which share their node's IP.
        self.pod_by_ip: dict[str, tuple[str, str]] = {}
        for key, pod in sorted(
            self.pods.items(),
            key=lambda kv: (bool(kv[1].get("spec", {}).get("hostNetwork")), kv[0]),
        ):
            ip = pod.get("status", {}).get("podIP")
            if ip:
                self.pod_by_ip.setdefault(ip, key)
        self.node_ips = {_node_ip(n) for n in self.nodes}

    def service_for(self, ip: str, port: int | None) -> tuple[str, str] | None:
        """The Service a DNAT's original destination addressed (ClusterIP, LB IP, NodePort)."""
        for key, svc in sorted(self.services.items()):
            spec = svc.get("spec", {})
            ports = spec.get("ports", [])
            vips = set(spec.get("clusterIPs", []) or [spec.get("clusterIP")]) | set(
                spec.get("externalIPs", [])
            )
            vips |= {
                i.get("ip")
                for i in svc.get("status", {}).get("loadBalancer", {}).get("ingress", [])
            }
            if ip in vips and (port is None or any(p.get("port") == port for p in ports)):
                return key
            node_side = ip in self.node_ips or ip.startswith("127.")
            if node_side and port is not None and any(p.get("nodePort") == port for p in ports):
                return key
        return None

    def endpoint_pods(self, svc: tuple[str, str]) -> set[tuple[str, str]]:
        out = set()
        for s in self.slices.get(svc, []):
            for ep in s.get("endpoints", []):
                ref = ep.get("targetRef") or {}
                if ref.get("kind") == "Pod":
                    out.add((ref.get("namespace") or svc[0], ref.get("name", "")))
        return out


def _split_addr(text: str) -> tuple[str, int | None]:
    host, _, port = str(text).rpartition(":")
    if not host:
        return str(text), None
    return host, int(port) if port.isdigit() else None


def _pod_key(text: str) -> tuple[str, str]:
    ns, _, name = str(text).rpartition("/")
    return (ns if ns and ns != "pod" else "default", name)


def _map_trace(trace: Any, index: _Index) -> _TracePath:
    """Map each hop onto the objects it names; hops of unknown classes only go to the note."""
    from k8slab import trace as hops

    path = _TracePath()
    pending_ingress = False
    for hop in trace or ():
        path.lines.append(str(hop))
        if isinstance(hop, hops.ClientHop):
            where = str(hop.where)
            m = re.match(r"(?:a shell on )?node (\S+)", where)
            m_pod = re.match(r"pod (\S+/\S+)", where)
            if m_pod and _pod_key(m_pod.group(1)) in index.pods:
                path.visit("pod", _pod_key(m_pod.group(1)))
            else:
                path.client = f"cliente: {where}\\n{hop.source_ip}"
                path.client_node = m.group(1) if m else None
                path.visit("client", ("", "client"))
        elif isinstance(hop, hops.NetfilterHop):
            m = _COMMENT_SERVICE.search(hop.rule)
            if m and (m.group(1), m.group(2)) in index.services:
                key = (m.group(1), m.group(2))
                path.visit("svc", key)
                chains = path.chains.setdefault(key, [])
                if hop.chain not in chains:
                    chains.append(hop.chain)
            if hop.node not in path.nodes:
                path.nodes.append(hop.node)
        elif isinstance(hop, hops.NatHop):
            if hop.kind == "DNAT":
                svc = index.service_for(*_split_addr(hop.before))
                if svc is not None:
                    path.visit("svc", svc)
                pod = index.pod_by_ip.get(_split_addr(hop.after)[0])
                if pod is not None:
                    path.visit("pod", pod)
        elif isinstance(hop, hops.RouteHop):
            for n in (hop.from_node, hop.to_node):
                if n not in path.nodes:
                    path.nodes.append(n)
        elif isinstance(hop, hops.DeliverHop):
            pod = _pod_key(hop.pod)
            if pending_ingress:
                _visit_ingress_backend(path, index, pod)
                pending_ingress = False
            if pod in index.pods:
                path.visit("pod", pod)
        elif isinstance(hop, hops.IngressHop):
            pod = _pod_key(hop.controller_pod)
            if pod in index.pods:
                path.visit("pod", pod)
            path.ingress_detail = f"{hop.outcome} {hop.detail}"
            for key in sorted(index.ingresses):
                ns, name = key
                if re.search(
                    rf"(?<![\w.-]){re.escape(ns)}/{re.escape(name)}(?![\w.-])", hop.detail
                ):
                    path.visit("ing", key)
                    break
            pending_ingress = True
    return path


def _visit_ingress_backend(path: _TracePath, index: _Index, pod: tuple[str, str]) -> None:
    """After an ingress hop, the Ingress and Service that lead to the pod that answered."""
    chosen = [k for s, k in path.steps if s == "ing"]
    candidates = sorted(chosen) or sorted(index.ingresses)
    for ing_key in candidates:
        for svc in _ingress_backends(index.ingresses[ing_key]):
            key = (ing_key[0], svc)
            if pod in index.endpoint_pods(key):
                path.visit("ing", ing_key)
                path.visit("svc", key)
                return


def _ingress_backends(ing: dict) -> list[str]:
    spec = ing.get("spec", {})
    out = []
    default = (spec.get("defaultBackend") or {}).get("service", {}).get("name")
    for rule in spec.get("rules", []):
        for p in (rule.get("http") or {}).get("paths", []):
            name = (p.get("backend") or {}).get("service", {}).get("name")
            if name and name not in out:
                out.append(name)
    if default and default not in out:
        out.append(default)
    return out


# --------------------------------------------------------------------------- build
def build_graph(
    cluster: Any,
    *,
    namespace: str | None = None,
    service: str | None = None,
    trace: Any = None,
    show_system: bool = False,
    max_pods: int = MAX_PODS,
    use_graphviz: bool | None = None,
):
    """The topology of ``cluster`` as a ``graphviz.Digraph`` (or k8slab's DOT writer).

    Parameters:
        namespace: draw only this namespace (its pods, Services and Ingresses).
        service: put one Service in focus (``NAME`` in ``namespace`` or default, or
            ``NS/NAME``): only it, its endpoint pods and the Ingress rules leading to it.
        trace: a ``lab.curl`` response (or its ``.trace``, or any iterable of hops): the
            request's path is drawn in red with numbered steps.
        show_system: also draw kube-system, kube-public, kube-node-lease and the
            ``kubernetes`` Service.
        max_pods: beyond this many pods, group pods per owner per node with a count.
        use_graphviz: ``None`` picks the ``graphviz`` package when installed; ``False`` forces
            k8slab's own writer (identical text).
    """
    index = _Index(cluster)
    hops = getattr(trace, "trace", trace)
    path = _map_trace(hops, index) if hops is not None else None

    focus: tuple[str, str] | None = None
    if service:
        ns, _, name = service.rpartition("/")
        focus = (ns or namespace or "default", name)
        if focus not in index.services:
            raise ApiError(
                f'Error from server (NotFound): services "{focus[1]}" not found',
                reason="NotFound",
                code=404,
            )

    def ns_shown(ns: str) -> bool:
        if namespace is not None:
            return ns == namespace
        return show_system or ns not in SYSTEM_NAMESPACES

    forced_pods = path.keys("pod") if path else set()
    forced_svcs = path.keys("svc") if path else set()
    forced_ings = path.keys("ing") if path else set()

    # Which Services, Ingresses and pods are drawn.
    if focus is not None:
        services = {focus} | forced_svcs
    else:
        services = {
            k
            for k in index.services
            if ns_shown(k[0]) and (show_system or k not in SYSTEM_SERVICES)
        } | forced_svcs
    ingresses: dict[tuple[str, str], dict] = {}
    for key, ing in sorted(index.ingresses.items()):
        if key in forced_ings or (
            ns_shown(key[0])
            and (focus is None or (key[0] == focus[0] and focus[1] in _ingress_backends(ing)))
        ):
            ingresses[key] = ing
    if focus is not None:
        pods = set()
        for svc in services:
            pods |= index.endpoint_pods(svc)
        pods = {p for p in pods if p in index.pods} | forced_pods
    else:
        pods = {k for k in index.pods if ns_shown(k[0])} | forced_pods

    scene = _Scene()
    summarise = len(pods) > max_pods
    alias = _place_pods(scene, index, sorted(pods), summarise)
    _place_services(scene, index, sorted(services), alias)
    _place_ingresses(scene, index, ingresses, services, focus)
    if path is not None:
        _highlight(scene, index, path, alias)

    return _write(scene, index, summarise=summarise, pods=len(pods), use_graphviz=use_graphviz)


def _place_pods(
    scene: _Scene, index: _Index, pods: list[tuple[str, str]], summarise: bool
) -> dict[str, str]:
    """Put pods (or per-owner groups) in their node clusters; returns pod id → drawn id."""
    namespaces = {ns for ns, _ in pods}
    node_names = [_md(n).get("name", "") for n in index.nodes]
    for n in index.nodes:
        name = _md(n).get("name", "")
        scene.clusters[(node_cluster(name),)] = {
            "label": _label([name, _node_ip(n)]),
            "style": "rounded",
            "color": "#455a64",
        }
    alias: dict[str, str] = {}
    groups: dict[tuple[str, str, str], list[tuple[str, str]]] = defaultdict(list)
    for key in pods:
        pod = index.pods[key]
        node = pod.get("spec", {}).get("nodeName") or ""
        if node and node not in node_names:
            node_names.append(node)
            scene.clusters[(node_cluster(node),)] = {"label": node, "style": "rounded"}
        if not node:
            scene.clusters[("cluster_unscheduled",)] = {
                "label": "sin nodo asignado",
                "style": "dashed",
                "color": "#c62828",
            }
        top = node_cluster(node) if node else "cluster_unscheduled"
        place: tuple[str, ...] = (top,)
        if len(namespaces) > 1:
            place = (top, f"{top}__ns_{key[0]}")
            scene.clusters[place] = {
                "label": f"namespace {key[0]}",
                "style": "dashed",
                "color": "#b0bec5",
            }
        if summarise:
            groups[(place, key[0], _owner(pod, index.replicasets))].append(key)
            continue
        ip = pod.get("status", {}).get("podIP") or "<sin IP>"
        state = _pod_state(pod)
        lines = [key[1], ip]
        if state == "unready":
            lines.append("no listo")
        elif state == "pending":
            lines.append(pod.get("status", {}).get("phase", "Pending"))
        scene.add(_Item(pod_id(*key), _label(lines), dict(POD_STYLES[state]), place))
        alias[pod_id(*key)] = pod_id(*key)
    for (place, ns, owner), members in sorted(groups.items()):
        gid = f"group/{ns}/{owner}/{place[0]}"
        states = [_pod_state(index.pods[m]) for m in members]
        ready = states.count("ready")
        lines = [owner, f"{len(members)} pods, {ready} listos"]
        style = "ready" if ready == len(members) else "unready"
        scene.add(_Item(gid, _label(lines), dict(POD_STYLES[style]), place))
        for m in members:
            alias[pod_id(*m)] = gid
    # Graphviz drops empty clusters; keep every node visible.
    used = {item.place[0] for item in scene.items.values() if item.place}
    for name in node_names:
        if node_cluster(name) not in used:
            scene.add(
                _Item(
                    f"empty/{name}",
                    "sin pods",
                    {"shape": "plaintext", "fontcolor": "#90a4ae"},
                    (node_cluster(name),),
                )
            )
    return alias


def _place_services(
    scene: _Scene, index: _Index, services: list[tuple[str, str]], alias: dict[str, str]
) -> None:
    for key in services:
        svc = index.services[key]
        place = (f"cluster_ns_{key[0]}",)
        scene.clusters.setdefault(
            place, {"label": f"namespace {key[0]}", "style": "dashed", "color": "#90a4ae"}
        )
        scene.add(_Item(service_id(*key), _label(_service_lines(svc)), dict(SERVICE_STYLE), place))
        counts: dict[tuple[str, bool], int] = defaultdict(int)
        ports: dict[tuple[str, bool], str] = {}
        for s in index.slices.get(key, []):
            port_text = ",".join(
                str(p.get("port")) for p in s.get("ports", []) if p.get("port") is not None
            )
            for ep in sorted(s.get("endpoints", []), key=lambda e: e.get("addresses", [""])):
                ready = (ep.get("conditions") or {}).get("ready") is not False
                ref = ep.get("targetRef") or {}
                target = None
                if ref.get("kind") == "Pod":
                    target = alias.get(pod_id(ref.get("namespace") or key[0], ref.get("name")))
                if target is None:
                    addr = ",".join(ep.get("addresses", []))
                    target = f"addr/{addr}"
                    scene.add(
                        _Item(
                            target, _label([addr, "(sin pod)"]), {"shape": "box", "style": "dotted"}
                        )
                    )
                counts[(target, ready)] += 1
                ports[(target, ready)] = port_text
        for (target, ready), n in sorted(counts.items()):
            attrs = dict(READY_EDGE if ready else NOT_READY_EDGE)
            label = f":{ports[(target, ready)]}" if ports[(target, ready)] else ""
            if target.startswith("group/"):
                label = f"{n} {'listos' if ready else 'no listos'}" + (f" {label}" if label else "")
            elif not ready:
                label = f"no listo {label}".strip()
            if label:
                attrs["label"] = label
            scene.edge(service_id(*key), target, "ready" if ready else "notready", **attrs)


def _place_ingresses(
    scene: _Scene,
    index: _Index,
    ingresses: dict[tuple[str, str], dict],
    services: set[tuple[str, str]],
    focus: tuple[str, str] | None,
) -> None:
    for key, ing in sorted(ingresses.items()):
        spec = ing.get("spec", {})
        place = (f"cluster_ns_{key[0]}",)
        scene.clusters.setdefault(
            place, {"label": f"namespace {key[0]}", "style": "dashed", "color": "#90a4ae"}
        )
        cls = (
            spec.get("ingressClassName")
            or _md(ing).get("annotations", {}).get("kubernetes.io/ingress.class")
            or "<sin clase>"
        )
        scene.add(
            _Item(
                ingress_id(*key),
                _label([f"ingress/{key[1]}", f"clase {cls}"]),
                dict(INGRESS_STYLE),
                place,
            )
        )
        routes: list[tuple[str, str, str]] = []  # (service, port, label)
        for rule in spec.get("rules", []):
            host = rule.get("host") or "*"
            for p in (rule.get("http") or {}).get("paths", []):
                backend = (p.get("backend") or {}).get("service") or {}
                port = backend.get("port", {})
                routes.append(
                    (
                        backend.get("name", ""),
                        str(port.get("number") or port.get("name") or ""),
                        f"{host}{p.get('path', '/') or '/'} ({p.get('pathType', '')})",
                    )
                )
        default = (spec.get("defaultBackend") or {}).get("service")
        if default:
            port = default.get("port", {})
            routes.append(
                (
                    default.get("name", ""),
                    str(port.get("number") or port.get("name") or ""),
                    "(backend por defecto)",
                )
            )
        for i, (svc, port, label) in enumerate(routes):
            if not svc or (focus is not None and (key[0], svc) != focus):
                continue
            target = service_id(key[0], svc)
            if (key[0], svc) not in index.services:
                scene.add(
                    _Item(target, _label([f"svc/{svc}", "(no existe)"]), dict(MISSING_STYLE), place)
                )
            elif (key[0], svc) not in services:
                continue
            scene.edge(
                ingress_id(*key),
                target,
                f"rule{i:03d}",
                label=f"{label} :{port}" if port else label,
                color="#6a1b9a",
                fontcolor="#6a1b9a",
            )


def _highlight(scene: _Scene, index: _Index, path: _TracePath, alias: dict[str, str]) -> None:
    ids: list[str] = []
    for kind, key in path.steps:
        if kind == "client":
            place = (node_cluster(path.client_node),) if path.client_node else ()
            scene.add(
                _Item(
                    "client",
                    path.client or "cliente",
                    {"shape": "oval", "style": "filled", "fillcolor": "#fffde7"},
                    place if place in scene.clusters else (),
                )
            )
            ids.append("client")
        elif kind == "pod":
            ids.append(alias.get(pod_id(*key), pod_id(*key)))
        elif kind == "svc":
            ids.append(service_id(*key))
        elif kind == "ing":
            ids.append(ingress_id(*key))
    ids = [i for n, i in enumerate(ids) if i in scene.items and (n == 0 or ids[n - 1] != i)]
    for i in ids:
        scene.items[i].attrs.update(color=HIGHLIGHT, penwidth="3")
    for name in path.nodes:
        cl = scene.clusters.get((node_cluster(name),))
        if cl is not None:
            cl.update(color=HIGHLIGHT, penwidth="2")
    for step, (tail, head) in enumerate(zip(ids, ids[1:], strict=False), 1):
        existing = sorted(k for k in scene.edges if k[0] == tail and k[1] == head)
        if existing and tail.startswith("ing/"):
            # Several rules may lead to the same Service: prefer the one the controller named.
            named = [
                k
                for k in existing
                if scene.edges[k].get("label", "").split(" ")[0] in path.ingress_detail
            ]
            existing = named[:1] or existing[:1]
        extra = []
        if tail.startswith("svc/"):
            extra = path.chains.get(tuple(tail.split("/", 2)[1:]), [])  # type: ignore[arg-type]
        if existing:
            for k in existing[:1]:
                attrs = scene.edges[k]
                attrs.update(color=HIGHLIGHT, penwidth="3", fontcolor=HIGHLIGHT, style="bold")
                attrs["label"] = "\\n".join([f"({step}) " + attrs.get("label", "")] + extra)
        else:
            scene.edge(
                tail,
                head,
                "trace",
                color=HIGHLIGHT,
                penwidth="3",
                fontcolor=HIGHLIGHT,
                style="bold",
                label="\\n".join([f"({step})"] + extra),
                constraint="false" if tail.startswith(("pod/", "group/")) else None,
            )
    lines = ["Recorrido de la peticion:"] + [
        f"{n}. {line if len(line) <= 120 else line[:117] + '...'}"
        for n, line in enumerate(path.lines, 1)
    ]
    scene.add(
        _Item(
            "trace",
            _left_label(lines),
            {"shape": "note", "fontname": "Courier", "fontsize": "9", "color": HIGHLIGHT},
        )
    )


def _write(scene: _Scene, index: _Index, *, summarise: bool, pods: int, use_graphviz: bool | None):
    g = new_digraph("k8slab", use_graphviz=use_graphviz)
    g.attr(
        rankdir="LR",
        fontname=FONT,
        fontsize="11",
        compound="true",
        nodesep="0.25",
        ranksep="0.6",
        newrank="true",
    )
    g.attr(
        "node", fontname=FONT, fontsize="10", shape="box", style="rounded,filled", fillcolor="white"
    )
    g.attr("edge", fontname=FONT, fontsize="9")
    if summarise:
        g.attr(label=f"{pods} pods: agrupados por propietario y nodo", labelloc="t")

    # Emit clusters as a tree, children sorted; items inside the innermost cluster.
    by_place: dict[tuple[str, ...], list[_Item]] = defaultdict(list)
    for item in scene.items.values():
        by_place[item.place].append(item)

    def emit(target: Any, place: tuple[str, ...]) -> None:
        for item in sorted(by_place.get(place, []), key=lambda i: i.id):
            target.node(
                item.id,
                item.label,
                **{k: v for k, v in sorted(item.attrs.items()) if v is not None},
            )
        children = sorted(
            p for p in scene.clusters if len(p) == len(place) + 1 and p[: len(place)] == place
        )
        for child in children:
            if not _has_items(child, by_place):
                continue
            with target.subgraph(name=child[-1]) as sub:
                sub.attr(**{k: v for k, v in sorted(scene.clusters[child].items())})
                emit(sub, child)

    emit(g, ())
    for (tail, head, _k), attrs in sorted(scene.edges.items()):
        if tail in scene.items and head in scene.items:
            g.edge(tail, head, **{k: v for k, v in sorted(attrs.items()) if v is not None})
    return g


def _has_items(place: tuple[str, ...], by_place: dict[tuple[str, ...], list[_Item]]) -> bool:
    return any(p[: len(place)] == place and items for p, items in by_place.items())

"""``kubectl describe``: per-kind describers writing through kubectl's describe tab writer.

Each describer reproduces its kubectl function (``kubernetes/kubectl`` ``pkg/describe/describe.go``:
``describeService``, ``describePod``, ``describeIngressV1``, ``describeDeployment``,
``describeNode``, ``describeNamespace`` …). They write ``Key:\\tvalue`` lines at 2-space
indentation levels (``prefixWriter.Write``) into Go's ``text/tabwriter`` configured as
``tabbedString`` does; alignment therefore restarts after every line without a tab and after
the explicit flush before an Events table (``DescribeEvents``).

Describers read related objects (EndpointSlices, Services, ReplicaSets, Pods, Events) only
through the ``Reader`` seam. Where kubectl iterates a Go map (ConfigMap/Secret data) the
order is random upstream; here keys are sorted.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from datetime import UTC, datetime

from k8slab.api.reader import Reader
from k8slab.kubectl.duration import parse_time, since
from k8slab.kubectl.printers import (
    NONE,
    find_node_roles,
    format_label_selector,
    format_labels,
    join_host_port,
    load_balancer_status,
    selector_string,
)
from k8slab.kubectl.quantity import Quantity, parse_quantity
from k8slab.kubectl.tabwriter import describe_tab_writer

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
MAX_ANNOTATION_LEN = 140  # describe.go maxAnnotationLen


class PrefixWriter:
    """describe.go ``prefixWriter``: ``write(level, text)`` indents by two spaces per level."""

    def __init__(self) -> None:
        self.tw = describe_tab_writer()

    def write(self, level: int, text: str) -> None:
        self.tw.write("  " * level + text)

    def write_line(self, text: str = "") -> None:
        """``WriteLine``: the text and a newline, without indentation."""
        self.tw.write(text + "\n")

    def flush(self) -> None:
        self.tw.flush()

    def getvalue(self) -> str:
        self.tw.flush()
        return self.tw.getvalue()


# ---------------------------------------------------------------------------------------------
# Small helpers shared by describers
# ---------------------------------------------------------------------------------------------


def _meta(obj: dict) -> dict:
    return obj.get("metadata") or {}


def rfc1123z(value: str | None) -> str:
    """Go ``time.RFC1123Z`` (``Mon, 02 Jan 2006 15:04:05 -0700``), in UTC."""
    t = parse_time(value)
    if t is None:
        t = datetime(1, 1, 1, tzinfo=UTC)  # Go's zero time, as an unset metav1.Time prints
    t = t.astimezone(UTC)
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    return (
        f"{days[t.weekday()]}, {t.day:02d} {months[t.month - 1]} {t.year:04d} "
        f"{t.hour:02d}:{t.minute:02d}:{t.second:02d} +0000"
    )


def print_bool(value: bool | None) -> str:
    """describe.go ``printBool``."""
    return "True" if value else "False"


def go_bool(value: bool | None) -> str:
    """Go ``%v``/``%t`` of a bool."""
    return "true" if value else "false"


def _go_value(value: object) -> str:
    """Go ``%v`` of an unstructured JSON value."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return go_bool(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return "[" + " ".join(_go_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{_go_value(value[k])}" for k in sorted(value)) + "]"
    return str(value)


def labels_multiline(
    w: PrefixWriter,
    title: str,
    labels: dict[str, str] | None,
    *,
    initial_indent: str = "",
    inner_indent: str = "\t",
) -> None:
    """describe.go ``printLabelsMultilineWithIndent``: one ``k=v`` per line, sorted."""
    w.write(0, f"{initial_indent}{title}:{inner_indent}")
    if not labels:
        w.write_line(NONE)
        return
    for i, key in enumerate(sorted(labels)):
        if i:
            w.write(0, initial_indent)
            w.write(0, inner_indent)
        w.write(0, f"{key}={labels[key]}\n")


def _shorten(s: str, max_len: int) -> str:
    raw = s.encode()
    if len(raw) > max_len:
        return raw[:max_len].decode(errors="ignore") + "..."
    return s


def annotations_multiline(w: PrefixWriter, title: str, annotations: dict[str, str] | None) -> None:
    """describe.go ``printAnnotationsMultiline``: ``k: v``; last-applied hidden; long or
    multi-line values on their own indented lines, cut at 140 bytes."""
    w.write(0, f"{title}:\t")
    keys = sorted(k for k in annotations or {} if k != LAST_APPLIED)
    if not keys:
        w.write_line(NONE)
        return
    assert annotations is not None
    for i, key in enumerate(keys):
        if i:
            w.write(0, "\t")
        value = annotations[key].removesuffix("\n")
        if len(value.encode()) + len(key.encode()) + 2 > MAX_ANNOTATION_LEN or "\n" in value:
            w.write(0, f"{key}:\n")
            for line in value.split("\n"):
                w.write(0, f"\t  {_shorten(line, MAX_ANNOTATION_LEN - 2)}\n")
        else:
            w.write(0, f"{key}: {value}\n")


def _taint_string(t: dict) -> str:
    """core/v1 ``Taint.ToString``: ``key[=value]:effect``."""
    key, value, effect = t.get("key", ""), t.get("value", ""), t.get("effect", "")
    return f"{key}={value}:{effect}" if value else f"{key}:{effect}"


def taints_multiline(w: PrefixWriter, title: str, taints: list[dict] | None) -> None:
    """describe.go ``printTaintsMultilineWithIndent``: sorted by ``effect,key``."""
    w.write(0, f"{title}:\t")
    if not taints:
        w.write_line(NONE)
        return
    ordered = sorted(taints, key=lambda t: f"{t.get('effect', '')},{t.get('key', '')}")
    for i, t in enumerate(ordered):
        if i:
            w.write(0, "\t")
        w.write(0, _taint_string(t) + "\n")


def tolerations_multiline(
    w: PrefixWriter, title: str, tolerations: list[dict] | None, initial_indent: str = ""
) -> None:
    """describe.go ``printTolerationsMultilineWithIndent``: ``key[=value][:effect] [op=Exists]
    [for Ns]``, sorted by key."""
    w.write(0, f"{initial_indent}{title}:\t")
    if not tolerations:
        w.write_line(NONE)
        return
    for i, t in enumerate(sorted(tolerations, key=lambda t: t.get("key", ""))):
        if i:
            w.write(0, initial_indent)
            w.write(0, "\t")
        text = t.get("key", "")
        if t.get("value"):
            text += "=" + t["value"]
        if t.get("effect"):
            text += ":" + t["effect"]
        if t.get("operator") == "Exists" and not t.get("value"):
            text += " op=Exists" if (t.get("key") or t.get("effect")) else "op=Exists"
        if t.get("tolerationSeconds") is not None:
            text += f" for {t['tolerationSeconds']}s"
        w.write(0, text + "\n")


def controlled_by(obj: dict) -> str:
    """describe.go ``printController``: ``Kind/name`` of the controller owner reference."""
    for ref in _meta(obj).get("ownerReferences") or []:
        if ref.get("controller"):
            return f"{ref.get('kind', '')}/{ref.get('name', '')}"
    return ""


def _controller_uid(obj: dict) -> str | None:
    for ref in _meta(obj).get("ownerReferences") or []:
        if ref.get("controller"):
            return ref.get("uid")
    return None


# ---------------------------------------------------------------------------------------------
# Events
# ---------------------------------------------------------------------------------------------


def search_events(reader: Reader, obj: dict, *, match_kind: bool = True) -> list[dict]:
    """describe.go ``searchEvents``: events whose ``involvedObject`` is ``obj``.

    Matches name, namespace, kind (not for Pods, whose reference drops the kind) and uid;
    an event without a uid is accepted. For Nodes the uid may also be the node name, as
    kubelet reports it (``NodeDescriber.Describe``).
    """
    md = _meta(obj)
    namespace = md.get("namespace", "")
    uids = {md.get("uid")} if md.get("uid") else set()
    if obj.get("kind") == "Node":
        uids.add(md.get("name"))
    found = []
    events = reader.list("Event", namespace or None)
    for ev in events:
        inv = ev.get("involvedObject") or {}
        if inv.get("name") != md.get("name") or (inv.get("namespace") or "") != namespace:
            continue
        if match_kind and inv.get("kind") and inv.get("kind") != obj.get("kind"):
            continue
        if uids and inv.get("uid") and inv.get("uid") not in uids:
            continue
        found.append(ev)
    return found


def _event_time(ev: dict) -> datetime:
    series = ev.get("series") or {}
    for value in (series.get("lastObservedTime"), ev.get("lastTimestamp"), ev.get("eventTime")):
        t = parse_time(value)
        if t is not None:
            return t
    return datetime(1, 1, 1, tzinfo=UTC)


def describe_events(events: list[dict], w: PrefixWriter, now: datetime) -> None:
    """describe.go ``DescribeEvents``: ``Events:\\t<none>`` or a flushed Type/Reason/Age/From/
    Message table, oldest first (kubectl ``pkg/util/event`` ``SortableEvents``)."""
    if not events:
        w.write(0, "Events:\t<none>\n")
        return
    w.flush()
    w.write(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n")
    w.write(1, "----\t------\t----\t----\t-------\n")
    for ev in sorted(events, key=_event_time):
        first = since(ev.get("eventTime"), now)
        if not ev.get("eventTime"):
            first = since(ev.get("firstTimestamp"), now)
        series = ev.get("series")
        count = ev.get("count") or 0
        if series:
            last = since(series.get("lastObservedTime"), now)
            interval = f"{last} (x{series.get('count', 0)} over {first})"
        elif count > 1:
            interval = f"{since(ev.get('lastTimestamp'), now)} (x{count} over {first})"
        else:
            interval = first
        source = (ev.get("source") or {}).get("component") or ev.get("reportingComponent") or ""
        w.write(
            1,
            f"{ev.get('type', '')}\t{ev.get('reason', '')}\t{interval}\t{source}\t"
            f"{(ev.get('message') or '').strip()}\n",
        )


def _events_for(
    obj: dict, reader: Reader, show_events: bool, *, match_kind: bool = True
) -> list[dict] | None:
    return search_events(reader, obj, match_kind=match_kind) if show_events else None


# ---------------------------------------------------------------------------------------------
# Service, endpoints
# ---------------------------------------------------------------------------------------------


def _is_ready(endpoint: dict) -> bool:
    ready = (endpoint.get("conditions") or {}).get("ready")
    return ready is None or bool(ready)


def format_endpoint_slices(slices: list[dict], ports: set[str] | None) -> str:
    """describe.go ``formatEndpointSlices``: ready endpoints as ``ip:port`` for the named
    ports, 3 at most then `` + N more...``; ``<none>`` without slices, ``""`` without ready
    endpoints."""
    if not slices:
        return NONE
    items: list[str] = []
    limit, more, count = 3, False, 0
    for eps in slices:
        endpoints = eps.get("endpoints") or []
        slice_ports = eps.get("ports") or []
        if not slice_ports:
            for ep in endpoints:
                if len(items) == limit:
                    more = True
                if not _is_ready(ep):
                    continue
                if not more:
                    items.append((ep.get("addresses") or [""])[0])
                count += 1
            continue
        for port in slice_ports:
            if ports is not None and (port.get("name") or "") not in ports:
                continue
            for ep in endpoints:
                if len(items) == limit:
                    more = True
                if not _is_ready(ep):
                    continue
                if not more:
                    addr = (ep.get("addresses") or [""])[0]
                    items.append(join_host_port(addr, port.get("port", 0)))
                count += 1
    ret = ",".join(items)
    if more:
        return f"{ret} + {count - limit} more..."
    return ret


def _service_slices(reader: Reader, namespace: str, name: str) -> list[dict]:
    return [
        s
        for s in reader.list("EndpointSlice", namespace)
        if (_meta(s).get("labels") or {}).get("kubernetes.io/service-name") == name
    ]


def _lb_ingress_string(ingress: list[dict]) -> str:
    """describe.go ``buildIngressString``: ``ip (IPMode)`` or hostname, joined by ``, ``."""
    parts = []
    for ing in ingress:
        if ing.get("ip"):
            part = ing["ip"]
            if ing.get("ipMode"):
                part += f" ({ing['ipMode']})"
            parts.append(part)
        else:
            parts.append(ing.get("hostname", ""))
    return ", ".join(parts)


def describe_service(svc: dict, reader: Reader, now: datetime, show_events: bool) -> str:
    """describe.go ``describeService`` (Endpoints from EndpointSlices labelled
    ``kubernetes.io/service-name``)."""
    md, spec = _meta(svc), svc.get("spec") or {}
    slices = _service_slices(reader, md.get("namespace", ""), md.get("name", ""))
    events = _events_for(svc, reader, show_events)
    w = PrefixWriter()
    w.write(0, f"Name:\t{md.get('name', '')}\n")
    w.write(0, f"Namespace:\t{md.get('namespace', '')}\n")
    labels_multiline(w, "Labels", md.get("labels"))
    annotations_multiline(w, "Annotations", md.get("annotations"))
    w.write(0, f"Selector:\t{format_labels(spec.get('selector'))}\n")
    w.write(0, f"Type:\t{spec.get('type', '')}\n")
    if spec.get("ipFamilyPolicy") is not None:
        w.write(0, f"IP Family Policy:\t{spec['ipFamilyPolicy']}\n")
    families = spec.get("ipFamilies") or []
    w.write(0, f"IP Families:\t{','.join(families) if families else NONE}\n")
    w.write(0, f"IP:\t{spec.get('clusterIP', '')}\n")
    cluster_ips = spec.get("clusterIPs") or []
    w.write(0, f"IPs:\t{','.join(cluster_ips) if cluster_ips else NONE}\n")
    if spec.get("externalIPs"):
        w.write(0, f"External IPs:\t{','.join(spec['externalIPs'])}\n")
    if spec.get("loadBalancerIP"):
        w.write(0, f"Desired LoadBalancer IP:\t{spec['loadBalancerIP']}\n")
    if spec.get("externalName"):
        w.write(0, f"External Name:\t{spec['externalName']}\n")
    lb_ingress = ((svc.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []
    if lb_ingress:
        w.write(0, f"LoadBalancer Ingress:\t{_lb_ingress_string(lb_ingress)}\n")
    for sp in spec.get("ports") or []:
        name = sp.get("name") or "<unset>"
        proto = sp.get("protocol", "")
        w.write(0, f"Port:\t{name}\t{sp.get('port', 0)}/{proto}\n")
        target = sp.get("targetPort", sp.get("port", 0))
        w.write(0, f"TargetPort:\t{target}/{proto}\n")
        if sp.get("nodePort"):
            w.write(0, f"NodePort:\t{name}\t{sp['nodePort']}/{proto}\n")
        endpoints = format_endpoint_slices(slices, {sp.get("name") or ""})
        w.write(0, f"Endpoints:\t{endpoints}\n")
    w.write(0, f"Session Affinity:\t{spec.get('sessionAffinity', '')}\n")
    if spec.get("externalTrafficPolicy"):
        w.write(0, f"External Traffic Policy:\t{spec['externalTrafficPolicy']}\n")
    if spec.get("internalTrafficPolicy") is not None:
        w.write(0, f"Internal Traffic Policy:\t{spec['internalTrafficPolicy']}\n")
    if spec.get("healthCheckNodePort"):
        w.write(0, f"HealthCheck NodePort:\t{spec['healthCheckNodePort']}\n")
    if spec.get("loadBalancerSourceRanges"):
        w.write(0, f"LoadBalancer Source Ranges:\t{','.join(spec['loadBalancerSourceRanges'])}\n")
    if spec.get("trafficDistribution"):
        w.write(0, f"Traffic Distribution:\t{spec['trafficDistribution']}\n")
    if events is not None:
        describe_events(events, w, now)
    return w.getvalue()


def describe_endpoints(ep: dict, reader: Reader, now: datetime, show_events: bool) -> str:
    """describe.go ``describeEndpoints``."""
    md = _meta(ep)
    events = _events_for(ep, reader, show_events)
    w = PrefixWriter()
    w.write(0, f"Name:\t{md.get('name', '')}\n")
    w.write(0, f"Namespace:\t{md.get('namespace', '')}\n")
    labels_multiline(w, "Labels", md.get("labels"))
    annotations_multiline(w, "Annotations", md.get("annotations"))
    w.write(0, "Subsets:\n")
    for subset in ep.get("subsets") or []:
        ready = ",".join(a.get("ip", "") for a in subset.get("addresses") or []) or NONE
        w.write(1, f"Addresses:\t{ready}\n")
        not_ready = ",".join(a.get("ip", "") for a in subset.get("notReadyAddresses") or [])
        w.write(1, f"NotReadyAddresses:\t{not_ready or NONE}\n")
        if subset.get("ports"):
            w.write(1, "Ports:\n")
            w.write(2, "Name\tPort\tProtocol\n")
            w.write(2, "----\t----\t--------\n")
            for port in subset["ports"]:
                w.write(
                    2,
                    f"{port.get('name') or '<unset>'}\t{port.get('port', 0)}\t"
                    f"{port.get('protocol', '')}\n",
                )
        w.write(0, "\n")
    if events is not None:
        describe_events(events, w, now)
    return w.getvalue()


def describe_endpoint_slice(eps: dict, reader: Reader, now: datetime, show_events: bool) -> str:
    """describe.go ``describeEndpointSliceV1``."""
    md = _meta(eps)
    events = _events_for(eps, reader, show_events)
    w = PrefixWriter()
    w.write(0, f"Name:\t{md.get('name', '')}\n")
    w.write(0, f"Namespace:\t{md.get('namespace', '')}\n")
    labels_multiline(w, "Labels", md.get("labels"))
    annotations_multiline(w, "Annotations", md.get("annotations"))
    w.write(0, f"AddressType:\t{eps.get('addressType', '')}\n")
    ports = eps.get("ports") or []
    if not ports:
        w.write(0, "Ports: <unset>\n")
    else:
        w.write(0, "Ports:\n")
        w.write(1, "Name\tPort\tProtocol\n")
        w.write(1, "----\t----\t--------\n")
        for port in ports:
            num = port.get("port")
            w.write(
                1,
                f"{port.get('name') or '<unset>'}\t{'<unset>' if num is None else num}\t"
                f"{port.get('protocol', '')}\n",
            )
    endpoints = eps.get("endpoints") or []
    if not endpoints:
        w.write(0, "Endpoints: <none>\n")
    else:
        w.write(0, "Endpoints:\n")
        for ep in endpoints:
            w.write(1, f"- Addresses:\t{', '.join(ep.get('addresses') or []) or NONE}\n")
            w.write(2, "Conditions:\n")
            ready = (ep.get("conditions") or {}).get("ready")
            w.write(3, f"Ready:\t{'<unset>' if ready is None else go_bool(ready)}\n")
            hostname = ep.get("hostname")
            w.write(2, f"Hostname:\t{'<unset>' if hostname is None else hostname}\n")
            if ep.get("targetRef"):
                ref = ep["targetRef"]
                w.write(2, f"TargetRef:\t{ref.get('kind', '')}/{ref.get('name', '')}\n")
            node = ep.get("nodeName")
            w.write(2, f"NodeName:\t{'<unset>' if node is None else node}\n")
            zone = ep.get("zone")
            w.write(2, f"Zone:\t{'<unset>' if zone is None else zone}\n")
    if events is not None:
        describe_events(events, w, now)
    return w.getvalue()


# ---------------------------------------------------------------------------------------------
# Pods and pod templates
# ---------------------------------------------------------------------------------------------


def describe_probe(probe: dict) -> str:
    """describe.go ``DescribeProbe`` (API defaults: timeout 1, period 10, success 1, failure 3)."""
    attrs = (
        f"delay={probe.get('initialDelaySeconds', 0)}s "
        f"timeout={probe.get('timeoutSeconds', 1)}s "
        f"period={probe.get('periodSeconds', 10)}s "
        f"#success={probe.get('successThreshold', 1)} "
        f"#failure={probe.get('failureThreshold', 3)}"
    )
    if probe.get("exec") is not None:
        return f"exec {_go_value(probe['exec'].get('command') or [])} {attrs}"
    if probe.get("httpGet") is not None:
        hg = probe["httpGet"]
        scheme = (hg.get("scheme") or "HTTP").lower()
        port = str(hg.get("port", ""))
        host = join_host_port(hg.get("host", ""), port) if port else hg.get("host", "")
        return f"http-get {scheme}://{host}{hg.get('path', '')} {attrs}"
    if probe.get("tcpSocket") is not None:
        ts = probe["tcpSocket"]
        return f"tcp-socket {ts.get('host', '')}:{ts.get('port', '')} {attrs}"
    if probe.get("grpc") is not None:
        g = probe["grpc"]
        return f"grpc <pod>:{g.get('port', 0)} {g.get('service', '')} {attrs}"
    return f"unknown {attrs}"


_FIELD_PATHS: dict[str, Callable[[dict], str]] = {
    "metadata.name": lambda p: _meta(p).get("name", ""),
    "metadata.namespace": lambda p: _meta(p).get("namespace", ""),
    "metadata.uid": lambda p: _meta(p).get("uid", ""),
    "spec.nodeName": lambda p: (p.get("spec") or {}).get("nodeName", ""),
    "spec.serviceAccountName": lambda p: (p.get("spec") or {}).get("serviceAccountName", ""),
    "status.hostIP": lambda p: (p.get("status") or {}).get("hostIP", ""),
    "status.podIP": lambda p: (p.get("status") or {}).get("podIP", ""),
}


def _resolve_field_ref(pod: dict | None, path: str) -> str:
    """describe.go ``EnvValueRetriever`` (``fieldpath.ExtractFieldPathAsString``), for the
    usual downward-API paths; templates (no pod) resolve to ``""``."""
    if pod is None:
        return ""
    if path in _FIELD_PATHS:
        return _FIELD_PATHS[path](pod)
    for prefix, field in (
        ("metadata.labels['", "labels"),
        ("metadata.annotations['", "annotations"),
    ):
        if path.startswith(prefix) and path.endswith("']"):
            return (_meta(pod).get(field) or {}).get(path[len(prefix) : -2], "")
    return ""


def _describe_container_env(c: dict, pod: dict | None, w: PrefixWriter) -> None:
    env_from = c.get("envFrom") or []
    if env_from:
        w.write(2, "Environment Variables from:\n")
        for e in env_from:
            ref, source = (e.get("configMapRef"), "ConfigMap")
            if ref is None:
                ref, source = (e.get("secretRef") or {}, "Secret")
            optional = go_bool(ref.get("optional"))
            if e.get("prefix"):
                w.write(
                    3,
                    f"{ref.get('name', '')}\t{source} with prefix '{e['prefix']}'\t"
                    f"Optional: {optional}\n",
                )
            else:
                w.write(3, f"{ref.get('name', '')}\t{source}\tOptional: {optional}\n")
    env = c.get("env") or []
    w.write(2, "Environment:" + ("" if env else "\t<none>") + "\n")
    for e in env:
        vf = e.get("valueFrom")
        name = e.get("name", "")
        if vf is None:
            for i, line in enumerate((e.get("value") or "").split("\n")):
                w.write(3, f"{name}:\t{line}\n" if i == 0 else f"\t{line}\n")
        elif vf.get("fieldRef") is not None:
            fr = vf["fieldRef"]
            value = _resolve_field_ref(pod, fr.get("fieldPath", ""))
            w.write(
                3, f"{name}:\t{value} ({fr.get('apiVersion', 'v1')}:{fr.get('fieldPath', '')})\n"
            )
        elif vf.get("resourceFieldRef") is not None:
            w.write(3, f"{name}:\t ({vf['resourceFieldRef'].get('resource', '')})\n")
        elif vf.get("secretKeyRef") is not None:
            r = vf["secretKeyRef"]
            w.write(
                3,
                f"{name}:\t<set to the key '{r.get('key', '')}' in secret '{r.get('name', '')}'>\t"
                f"Optional: {go_bool(r.get('optional'))}\n",
            )
        elif vf.get("configMapKeyRef") is not None:
            r = vf["configMapKeyRef"]
            w.write(
                3,
                f"{name}:\t<set to the key '{r.get('key', '')}' of config map "
                f"'{r.get('name', '')}'>\tOptional: {go_bool(r.get('optional'))}\n",
            )


def _describe_state(state_name: str, state: dict, w: PrefixWriter) -> None:
    """describe.go ``describeStatus``."""
    if state.get("running") is not None:
        w.write(2, f"{state_name}:\tRunning\n")
        w.write(3, f"Started:\t{rfc1123z(state['running'].get('startedAt'))}\n")
    elif state.get("waiting") is not None:
        w.write(2, f"{state_name}:\tWaiting\n")
        if state["waiting"].get("reason"):
            w.write(3, f"Reason:\t{state['waiting']['reason']}\n")
    elif state.get("terminated") is not None:
        t = state["terminated"]
        w.write(2, f"{state_name}:\tTerminated\n")
        if t.get("reason"):
            w.write(3, f"Reason:\t{t['reason']}\n")
        if t.get("message"):
            w.write(3, f"Message:\t{t['message']}\n")
        w.write(3, f"Exit Code:\t{t.get('exitCode', 0)}\n")
        if t.get("signal"):
            w.write(3, f"Signal:\t{t['signal']}\n")
        w.write(3, f"Started:\t{rfc1123z(t.get('startedAt'))}\n")
        w.write(3, f"Finished:\t{rfc1123z(t.get('finishedAt'))}\n")
    else:
        w.write(2, f"{state_name}:\tWaiting\n")


def _describe_resources(resources: dict | None, w: PrefixWriter, level: int) -> None:
    """describe.go ``describeResources``: Limits then Requests, names sorted."""
    resources = resources or {}
    for title, key in (("Limits", "limits"), ("Requests", "requests")):
        values = resources.get(key) or {}
        if values:
            w.write(level, f"{title}:\n")
        for name in sorted(values):
            w.write(level + 1, f"{name}:\t{parse_quantity(values[name])}\n")


def describe_containers(
    label: str,
    containers: list[dict],
    statuses: list[dict] | None,
    pod: dict | None,
    w: PrefixWriter,
    space: str,
) -> None:
    """describe.go ``describeContainers`` (and ``describeContainerBasicInfo``, ``…Command``,
    ``…State``, ``…Probe``, ``…EnvVars``, ``…Volumes``)."""
    by_name = {s.get("name"): s for s in statuses or []}
    w.write(0, f"{space}{label}:{'' if containers else ' <none>'}\n")
    name_indent = " " if space else ""
    for c in containers:
        status = by_name.get(c.get("name"))
        w.write(1, f"{name_indent}{c.get('name', '')}:\n")
        if status is not None:
            w.write(2, f"Container ID:\t{status.get('containerID', '')}\n")
        w.write(2, f"Image:\t{c.get('image', '')}\n")
        if status is not None:
            w.write(2, f"Image ID:\t{status.get('imageID', '')}\n")
        ports = c.get("ports") or []
        port_str = ", ".join(
            f"{p.get('containerPort', 0)}/{p.get('protocol', 'TCP')}" for p in ports
        )
        host_str = ", ".join(f"{p.get('hostPort', 0)}/{p.get('protocol', 'TCP')}" for p in ports)
        if "," in port_str:
            w.write(2, f"Ports:\t{port_str}\n")
        else:
            w.write(2, f"Port:\t{port_str or NONE}\n")
        if "," in host_str:
            w.write(2, f"Host Ports:\t{host_str}\n")
        else:
            w.write(2, f"Host Port:\t{host_str or NONE}\n")
        for title, key in (("Command", "command"), ("Args", "args")):
            if c.get(key):
                w.write(2, f"{title}:\n")
                for item in c[key]:
                    for line in str(item).split("\n"):
                        w.write(3, f"{line}\n")
        if status is not None:
            _describe_state("State", status.get("state") or {}, w)
            if (status.get("lastState") or {}).get("terminated") is not None:
                _describe_state("Last State", status["lastState"], w)
            w.write(2, f"Ready:\t{print_bool(status.get('ready'))}\n")
            w.write(2, f"Restart Count:\t{status.get('restartCount', 0)}\n")
        _describe_resources(c.get("resources"), w, 2)
        for title, key in (
            ("Liveness", "livenessProbe"),
            ("Readiness", "readinessProbe"),
            ("Startup", "startupProbe"),
        ):
            if c.get(key) is not None:
                w.write(2, f"{title}:\t{describe_probe(c[key])}\n")
        _describe_container_env(c, pod, w)
        mounts = c.get("volumeMounts") or []
        w.write(2, "Mounts:" + ("" if mounts else "\t<none>") + "\n")
        for m in sorted(mounts, key=lambda m: m.get("mountPath", "")):
            flags = ["ro" if m.get("readOnly") else "rw"]
            if m.get("subPath"):
                flags.append(f'path="{m["subPath"]}"')
            w.write(3, f"{m.get('mountPath', '')} from {m.get('name', '')} ({','.join(flags)})\n")


def _describe_volume_source(v: dict, w: PrefixWriter) -> None:
    if v.get("hostPath") is not None:
        hp = v["hostPath"]
        w.write(
            2,
            "Type:\tHostPath (bare host directory volume)\n"
            f"    Path:\t{hp.get('path', '')}\n"
            f"    HostPathType:\t{hp.get('type') or NONE}\n",
        )
    elif v.get("emptyDir") is not None:
        ed = v["emptyDir"]
        size = ed.get("sizeLimit")
        w.write(
            2,
            "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n"
            f"    Medium:\t{ed.get('medium', '')}\n"
            f"    SizeLimit:\t{parse_quantity(size) if size else '<unset>'}\n",
        )
    elif v.get("secret") is not None:
        s = v["secret"]
        w.write(
            2,
            "Type:\tSecret (a volume populated by a Secret)\n"
            f"    SecretName:\t{s.get('secretName', '')}\n"
            f"    Optional:\t{go_bool(s.get('optional'))}\n",
        )
    elif v.get("configMap") is not None:
        cm = v["configMap"]
        w.write(
            2,
            "Type:\tConfigMap (a volume populated by a ConfigMap)\n"
            f"    Name:\t{cm.get('name', '')}\n"
            f"    Optional:\t{go_bool(cm.get('optional'))}\n",
        )
    elif v.get("persistentVolumeClaim") is not None:
        pvc = v["persistentVolumeClaim"]
        w.write(
            2,
            "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same "
            "namespace)\n"
            f"    ClaimName:\t{pvc.get('claimName', '')}\n"
            f"    ReadOnly:\t{go_bool(pvc.get('readOnly'))}\n",
        )
    elif v.get("projected") is not None:
        w.write(
            2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n"
        )
        for src in v["projected"].get("sources") or []:
            if src.get("secret") is not None:
                w.write(
                    2,
                    f"SecretName:\t{src['secret'].get('name', '')}\n"
                    f"    Optional:\t{go_bool(src['secret'].get('optional'))}\n",
                )
            elif src.get("downwardAPI") is not None:
                w.write(2, "DownwardAPI:\ttrue\n")
            elif src.get("configMap") is not None:
                w.write(
                    2,
                    f"ConfigMapName:\t{src['configMap'].get('name', '')}\n"
                    f"    Optional:\t{go_bool(src['configMap'].get('optional'))}\n",
                )
            elif src.get("serviceAccountToken") is not None:
                seconds = src["serviceAccountToken"].get("expirationSeconds", 3600)
                w.write(2, f"TokenExpirationSeconds:\t{seconds}\n")
    elif v.get("downwardAPI") is not None:
        w.write(
            2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n"
        )
        for item in v["downwardAPI"].get("items") or []:
            if item.get("fieldRef"):
                w.write(3, f"{item['fieldRef'].get('fieldPath', '')} -> {item.get('path', '')}\n")
            if item.get("resourceFieldRef"):
                w.write(
                    3, f"{item['resourceFieldRef'].get('resource', '')} -> {item.get('path', '')}\n"
                )
    else:
        w.write(1, "<unknown>\n")


def describe_volumes(volumes: list[dict] | None, w: PrefixWriter, space: str) -> None:
    """describe.go ``describeVolumes`` (common volume sources)."""
    if not volumes:
        w.write(0, f"{space}Volumes:\t<none>\n")
        return
    w.write(0, f"{space}Volumes:\n")
    name_indent = " " if space else ""
    for v in volumes:
        w.write(1, f"{name_indent}{v.get('name', '')}:\n")
        _describe_volume_source(v, w)


def _pod_qos(pod: dict) -> str:
    """kubectl ``pkg/util/qos`` ``GetPodQOS``: ``status.qosClass``, else computed."""
    status_class = (pod.get("status") or {}).get("qosClass")
    if status_class:
        return status_class
    spec = pod.get("spec") or {}
    containers = (spec.get("containers") or []) + (spec.get("initContainers") or [])
    requests: dict[str, Quantity] = {}
    limits: dict[str, Quantity] = {}
    guaranteed = True
    for c in containers:
        res = c.get("resources") or {}
        c_req = {k: parse_quantity(v) for k, v in (res.get("requests") or {}).items()}
        c_lim = {k: parse_quantity(v) for k, v in (res.get("limits") or {}).items()}
        for k, q in c_req.items():
            if k in ("cpu", "memory") and q.value != 0:
                requests[k] = requests.get(k, Quantity()) + q
        for k, q in c_lim.items():
            if k in ("cpu", "memory") and q.value != 0:
                limits[k] = limits.get(k, Quantity()) + q
        if set(k for k in c_lim if k in ("cpu", "memory")) != {"cpu", "memory"}:
            guaranteed = False
    if not requests and not limits:
        return "BestEffort"
    if guaranteed and all(
        requests.get(k, Quantity()).value == limits[k].value for k in ("cpu", "memory")
    ):
        return "Guaranteed"
    return "Burstable"


def describe_pod(pod: dict, reader: Reader, now: datetime, show_events: bool) -> str:
    """describe.go ``describePod`` (events matched without kind, as ``PodDescriber``)."""
    md, spec, status = _meta(pod), pod.get("spec") or {}, pod.get("status") or {}
    events = _events_for(pod, reader, show_events, match_kind=False)
    w = PrefixWriter()
    w.write(0, f"Name:\t{md.get('name', '')}\n")
    w.write(0, f"Namespace:\t{md.get('namespace', '')}\n")
    if spec.get("priority") is not None:
        w.write(0, f"Priority:\t{spec['priority']}\n")
    if spec.get("priorityClassName"):
        w.write(0, f"Priority Class Name:\t{spec['priorityClassName']}\n")
    if spec.get("runtimeClassName"):
        w.write(0, f"Runtime Class Name:\t{spec['runtimeClassName']}\n")
    if spec.get("serviceAccountName"):
        w.write(0, f"Service Account:\t{spec['serviceAccountName']}\n")
    if not spec.get("nodeName"):
        w.write(0, "Node:\t<none>\n")
    else:
        w.write(0, f"Node:\t{spec['nodeName']}/{status.get('hostIP', '')}\n")
    if status.get("startTime"):
        w.write(0, f"Start Time:\t{rfc1123z(status['startTime'])}\n")
    labels_multiline(w, "Labels", md.get("labels"))
    annotations_multiline(w, "Annotations", md.get("annotations"))
    if md.get("deletionTimestamp") and status.get("phase") not in ("Failed", "Succeeded"):
        w.write(0, f"Status:\tTerminating (lasts {since(md['deletionTimestamp'], now)})\n")
        w.write(0, f"Termination Grace Period:\t{md.get('deletionGracePeriodSeconds', 0)}s\n")
    else:
        w.write(0, f"Status:\t{status.get('phase', '')}\n")
    if status.get("reason"):
        w.write(0, f"Reason:\t{status['reason']}\n")
    if status.get("message"):
        w.write(0, f"Message:\t{status['message']}\n")
    w.write(0, f"IP:\t{status.get('podIP', '')}\n")
    pod_ips = status.get("podIPs") or []
    if not pod_ips:
        w.write(0, "IPs:\t<none>\n")
    else:
        w.write(0, "IPs:\n")
        for ip in pod_ips:
            w.write(1, f"IP:\t{ip.get('ip', '')}\n")
    owner = controlled_by(pod)
    if owner:
        w.write(0, f"Controlled By:\t{owner}\n")
    if status.get("nominatedNodeName"):
        w.write(0, f"NominatedNodeName:\t{status['nominatedNodeName']}\n")
    if spec.get("initContainers"):
        describe_containers(
            "Init Containers",
            spec["initContainers"],
            status.get("initContainerStatuses"),
            pod,
            w,
            "",
        )
    describe_containers(
        "Containers", spec.get("containers") or [], status.get("containerStatuses"), pod, w, ""
    )
    gates = spec.get("readinessGates") or []
    if gates:
        w.write(0, "Readiness Gates:\n  Type\tStatus\n")
        for g in gates:
            value = NONE
            for c in status.get("conditions") or []:
                if c.get("type") == g.get("conditionType"):
                    value = c.get("status", "")
                    break
            w.write(1, f"{g.get('conditionType', '')} \t{value} \n")
    conditions = status.get("conditions") or []
    if conditions:
        w.write(0, "Conditions:\n  Type\tStatus\n")
        for c in conditions:
            w.write(1, f"{c.get('type', '')} \t{c.get('status', '')} \n")
    describe_volumes(spec.get("volumes"), w, "")
    w.write(0, f"QoS Class:\t{_pod_qos(pod)}\n")
    labels_multiline(w, "Node-Selectors", spec.get("nodeSelector"))
    tolerations_multiline(w, "Tolerations", spec.get("tolerations"))
    if events is not None:
        describe_events(events, w, now)
    return w.getvalue()


def describe_pod_template(template: dict | None, w: PrefixWriter) -> None:
    """describe.go ``DescribePodTemplate``."""
    w.write(0, "Pod Template:\n")
    if template is None:
        w.write(1, "<unset>")
        return
    tmd, tspec = template.get("metadata") or {}, template.get("spec") or {}
    labels_multiline(w, "  Labels", tmd.get("labels"))
    if tmd.get("annotations"):
        annotations_multiline(w, "  Annotations", tmd["annotations"])
    if tspec.get("serviceAccountName"):
        w.write(1, f"Service Account:\t{tspec['serviceAccountName']}\n")
    if tspec.get("initContainers"):
        describe_containers("Init Containers", tspec["initContainers"], None, None, w, "  ")
    describe_containers("Containers", tspec.get("containers") or [], None, None, w, "  ")
    describe_volumes(tspec.get("volumes"), w, "  ")
    if tspec.get("priorityClassName"):
        w.write(1, f"Priority Class Name:\t{tspec['priorityClassName']}\n")
    labels_multiline(w, "  Node-Selectors", tspec.get("nodeSelector"))
    tolerations_multiline(w, "  Tolerations", tspec.get("tolerations"))


# ---------------------------------------------------------------------------------------------
# Workloads
# ---------------------------------------------------------------------------------------------


def _strip_hash(template: dict) -> dict:
    md = dict(template.get("metadata") or {})
    labels = {k: v for k, v in (md.get("labels") or {}).items() if k != "pod-template-hash"}
    md["labels"] = labels
    return {**template, "metadata": md}


def _owned_replica_sets(d: dict, reader: Reader) -> tuple[list[dict], list[dict]]:
    """kubectl ``util/deployment`` ``GetAllReplicaSetsInChunks``: (old, new) ReplicaSets whose
    controller is ``d``; the new one has the deployment's template (ignoring
    ``pod-template-hash``), the oldest such if several."""
    md = _meta(d)
    owned = [
        rs
        for rs in reader.list("ReplicaSet", md.get("namespace", ""))
        if _controller_uid(rs) == md.get("uid")
    ]
    template = _strip_hash((d.get("spec") or {}).get("template") or {})
    by_age = sorted(
        owned, key=lambda rs: (_meta(rs).get("creationTimestamp") or "", _meta(rs).get("name", ""))
    )
    new = next(
        (
            rs
            for rs in by_age
            if _strip_hash((rs.get("spec") or {}).get("template") or {}) == template
        ),
        None,
    )
    old = [rs for rs in owned if rs is not new]
    return old, [new] if new is not None else []


def _replica_sets_by_labels(rss: list[dict]) -> str:
    """describe.go ``printReplicaSetsByLabels``."""
    parts = [
        f"{_meta(rs).get('name', '')} ({(rs.get('status') or {}).get('replicas', 0)}/"
        f"{(rs.get('spec') or {}).get('replicas', 0)} replicas created)"
        for rs in rss
    ]
    return ", ".join(parts) or NONE


def _conditions_table(obj: dict, w: PrefixWriter) -> None:
    conditions = (obj.get("status") or {}).get("conditions") or []
    if conditions:
        w.write(0, "Conditions:\n  Type\tStatus\tReason\n")
        w.write(1, "----\t------\t------\n")
        for c in conditions:
            w.write(1, f"{c.get('type', '')} \t{c.get('status', '')}\t{c.get('reason', '')}\n")


def describe_deployment(d: dict, reader: Reader, now: datetime, show_events: bool) -> str:
    """describe.go ``describeDeployment``."""
    md, spec, status = _meta(d), d.get("spec") or {}, d.get("status") or {}
    events = _events_for(d, reader, show_events)
    old, new = _owned_replica_sets(d, reader)
    w = PrefixWriter()
    w.write(0, f"Name:\t{md.get('name', '')}\n")
    w.write(0, f"Namespace:\t{md.get('namespace', '')}\n")
    w.write(0, f"CreationTimestamp:\t{rfc1123z(md.get('creationTimestamp'))}\n")
    labels_multiline(w, "Labels", md.get("labels"))
    annotations_multiline(w, "Annotations", md.get("annotations"))
    w.write(0, f"Selector:\t{selector_string(spec.get('selector'))}\n")
    w.write(
        0,
        f"Replicas:\t{spec.get('replicas', 0)} desired | {status.get('updatedReplicas', 0)} "
        f"updated | {status.get('replicas', 0)} total | {status.get('availableReplicas', 0)} "
        f"available | {status.get('unavailableReplicas', 0)} unavailable\n",
    )
    strategy = spec.get("strategy") or {}
    w.write(0, f"StrategyType:\t{strategy.get('type', '')}\n")
    w.write(0, f"MinReadySeconds:\t{spec.get('minReadySeconds', 0)}\n")
    if strategy.get("rollingUpdate") is not None:
        ru = strategy["rollingUpdate"]
        w.write(
            0,
            f"RollingUpdateStrategy:\t{ru.get('maxUnavailable', '')} max unavailable, "
            f"{ru.get('maxSurge', '')} max surge\n",
        )
    describe_pod_template(spec.get("template"), w)
    _conditions_table(d, w)
    if old or new:
        w.write(0, f"OldReplicaSets:\t{_replica_sets_by_labels(old)}\n")
        w.write(0, f"NewReplicaSet:\t{_replica_sets_by_labels(new)}\n")
    if events is not None:
        describe_events(events, w, now)
    return w.getvalue()


def _pod_status_counts(owner: dict, reader: Reader) -> tuple[int, int, int, int]:
    """describe.go ``getPodStatusForController``: Running / Waiting / Succeeded / Failed pods
    controlled by ``owner``."""
    uid = _meta(owner).get("uid")
    counts = {"Running": 0, "Pending": 0, "Succeeded": 0, "Failed": 0}
    for pod in reader.list("Pod", _meta(owner).get("namespace", "")):
        if uid is None or _controller_uid(pod) != uid:
            continue
        phase = (pod.get("status") or {}).get("phase", "")
        if phase in counts:
            counts[phase] += 1
    return counts["Running"], counts["Pending"], counts["Succeeded"], counts["Failed"]


def describe_replica_set(rs: dict, reader: Reader, now: datetime, show_events: bool) -> str:
    """describe.go ``describeReplicaSet``."""
    md, spec, status = _meta(rs), rs.get("spec") or {}, rs.get("status") or {}
    running, waiting, succeeded, failed = _pod_status_counts(rs, reader)
    events = _events_for(rs, reader, show_events)
    w = PrefixWriter()
    w.write(0, f"Name:\t{md.get('name', '')}\n")
    w.write(0, f"Namespace:\t{md.get('namespace', '')}\n")
    w.write(0, f"Selector:\t{format_label_selector(spec.get('selector'))}\n")
    labels_multiline(w, "Labels", md.get("labels"))
    annotations_multiline(w, "Annotations", md.get("annotations"))
    owner = controlled_by(rs)
    if owner:
        w.write(0, f"Controlled By:\t{owner}\n")
    w.write(
        0, f"Replicas:\t{status.get('replicas', 0)} current / {spec.get('replicas', 0)} desired\n"
    )
    w.write(0, "Pods Status:\t")
    w.write(0, f"{running} Running / {waiting} Waiting / {succeeded} Succeeded / {failed} Failed\n")
    describe_pod_template(spec.get("template"), w)
    _conditions_table(rs, w)
    if events is not None:
        describe_events(events, w, now)
    return w.getvalue()


def describe_daemon_set(ds: dict, reader: Reader, now: datetime, show_events: bool) -> str:
    """describe.go ``describeDaemonSet``."""
    md, spec, status = _meta(ds), ds.get("spec") or {}, ds.get("status") or {}
    running, waiting, succeeded, failed = _pod_status_counts(ds, reader)
    events = _events_for(ds, reader, show_events)
    node_selector = ((spec.get("template") or {}).get("spec") or {}).get("nodeSelector")
    w = PrefixWriter()
    w.write(0, f"Name:\t{md.get('name', '')}\n")
    w.write(0, f"Namespace:\t{md.get('namespace', '')}\n")
    w.write(0, f"Selector:\t{selector_string(spec.get('selector'))}\n")
    w.write(0, f"Node-Selector:\t{format_labels(node_selector)}\n")
    labels_multiline(w, "Labels", md.get("labels"))
    annotations_multiline(w, "Annotations", md.get("annotations"))
    w.write(0, f"Desired Number of Nodes Scheduled: {status.get('desiredNumberScheduled', 0)}\n")
    w.write(0, f"Current Number of Nodes Scheduled: {status.get('currentNumberScheduled', 0)}\n")
    w.write(
        0,
        "Number of Nodes Scheduled with Up-to-date Pods: "
        f"{status.get('updatedNumberScheduled', 0)}\n",
    )
    w.write(
        0, f"Number of Nodes Scheduled with Available Pods: {status.get('numberAvailable', 0)}\n"
    )
    w.write(0, f"Number of Nodes Misscheduled: {status.get('numberMisscheduled', 0)}\n")
    w.write(
        0,
        f"Pods Status:\t{running} Running / {waiting} Waiting / {succeeded} Succeeded / "
        f"{failed} Failed\n",
    )
    describe_pod_template(spec.get("template"), w)
    if events is not None:
        describe_events(events, w, now)
    return w.getvalue()


# ---------------------------------------------------------------------------------------------
# Ingress
# ---------------------------------------------------------------------------------------------


def _describe_backend(ns: str, backend: dict, reader: Reader) -> str:
    """describe.go ``IngressDescriber.describeBackendV1``."""
    svc_backend = backend.get("service")
    if svc_backend is not None:
        port = svc_backend.get("port") or {}
        port_text = str(port["number"]) if port.get("number") else port.get("name", "")
        svc_name = svc_backend.get("name", "")
        sb = f"{svc_name}:{port_text}"
        service = reader.get("Service", ns, svc_name)
        if service is None:
            return f'{sb} (<error: services "{svc_name}" not found>)'
        sp_name = ""
        for sp in (service.get("spec") or {}).get("ports") or []:
            if port.get("number") and port["number"] == sp.get("port"):
                sp_name = sp.get("name") or ""
            elif port.get("name") and port["name"] == sp.get("name"):
                sp_name = sp.get("name") or ""
        ep = format_endpoint_slices(_service_slices(reader, ns, svc_name), {sp_name})
        return f"{sb} ({ep})"
    resource = backend.get("resource")
    if resource is not None:
        group = resource.get("apiGroup")
        return (
            f"APIGroup: {NONE if group is None else group}, Kind: {resource.get('kind', '')}, "
            f"Name: {resource.get('name', '')}"
        )
    return ""


def describe_ingress(ing: dict, reader: Reader, now: datetime, show_events: bool) -> str:
    """describe.go ``describeIngressV1``: rules table with ``<host>`` and ``<path> <backend>``
    lines, the default backend, and ``(<error: services "x" not found>)`` for missing
    Services."""
    md, spec = _meta(ing), ing.get("spec") or {}
    ns = md.get("namespace", "")
    events = _events_for(ing, reader, show_events)
    w = PrefixWriter()
    w.write(0, f"Name:\t{md.get('name', '')}\n")
    labels_multiline(w, "Labels", md.get("labels"))
    w.write(0, f"Namespace:\t{ns}\n")
    address = load_balancer_status((ing.get("status") or {}).get("loadBalancer"))
    w.write(0, f"Address:\t{address}\n")
    w.write(0, f"Ingress Class:\t{spec.get('ingressClassName') or NONE}\n")
    default = spec.get("defaultBackend")
    default_text = _describe_backend(ns, default, reader) if default is not None else "<default>"
    w.write(0, f"Default backend:\t{default_text}\n")
    if spec.get("tls"):
        w.write(0, "TLS:\n")
        for t in spec["tls"]:
            hosts = ",".join(t.get("hosts") or [])
            if not t.get("secretName"):
                w.write(1, f"SNI routes {hosts}\n")
            else:
                w.write(1, f"{t['secretName']} terminates {hosts}\n")
    w.write(0, "Rules:\n  Host\tPath\tBackends\n")
    w.write(1, "----\t----\t--------\n")
    count = 0
    for rule in spec.get("rules") or []:
        if rule.get("http") is None:
            continue
        count += 1
        w.write(1, f"{rule.get('host') or '*'}\t\n")
        for path in rule["http"].get("paths") or []:
            backend = _describe_backend(ns, path.get("backend") or {}, reader)
            w.write(2, f"\t{path.get('path', '')} \t{backend}\n")
    if count == 0:
        w.write(1, f"*\t*\t{default_text}\n")
    annotations_multiline(w, "Annotations", md.get("annotations"))
    if events is not None:
        describe_events(events, w, now)
    return w.getvalue()


def describe_ingress_class(ic: dict, reader: Reader, now: datetime, show_events: bool) -> str:
    """describe.go ``describeIngressClassV1``."""
    md, spec = _meta(ic), ic.get("spec") or {}
    events = _events_for(ic, reader, show_events)
    w = PrefixWriter()
    w.write(0, f"Name:\t{md.get('name', '')}\n")
    labels_multiline(w, "Labels", md.get("labels"))
    annotations_multiline(w, "Annotations", md.get("annotations"))
    w.write(0, f"Controller:\t{spec.get('controller', '')}\n")
    params = spec.get("parameters")
    if params is not None:
        w.write(0, "Parameters:\n")
        if params.get("apiGroup") is not None:
            w.write(1, f"APIGroup:\t{params['apiGroup']}\n")
        w.write(1, f"Kind:\t{params.get('kind', '')}\n")
        w.write(1, f"Name:\t{params.get('name', '')}\n")
    if events is not None:
        describe_events(events, w, now)
    return w.getvalue()


# ---------------------------------------------------------------------------------------------
# Node and Namespace
# ---------------------------------------------------------------------------------------------


def _pod_requests_and_limits(pod: dict) -> tuple[dict[str, Quantity], dict[str, Quantity]]:
    """kubectl ``util/resource`` ``PodRequestsAndLimits``: containers summed, each init
    container taken as a floor, plus overhead."""
    spec = pod.get("spec") or {}
    reqs: dict[str, Quantity] = {}
    limits: dict[str, Quantity] = {}
    for c in spec.get("containers") or []:
        res = c.get("resources") or {}
        for k, v in (res.get("requests") or {}).items():
            reqs[k] = reqs.get(k, Quantity()) + parse_quantity(v)
        for k, v in (res.get("limits") or {}).items():
            limits[k] = limits.get(k, Quantity()) + parse_quantity(v)
    for c in spec.get("initContainers") or []:
        res = c.get("resources") or {}
        for target, key in ((reqs, "requests"), (limits, "limits")):
            for k, v in (res.get(key) or {}).items():
                q = parse_quantity(v)
                if k not in target or q.value > target[k].value:
                    target[k] = q
    for k, v in (spec.get("overhead") or {}).items():
        reqs[k] = reqs.get(k, Quantity()) + parse_quantity(v)
        if k in limits:
            limits[k] = limits[k] + parse_quantity(v)
    return reqs, limits


def _percent(part: int, whole: int) -> int:
    return int(part / whole * 100) if whole else 0


_STANDARD_CONTAINER_RESOURCES = {"cpu", "memory", "ephemeral-storage"}


def _describe_node_resource(pods: list[dict], node: dict, w: PrefixWriter, now: datetime) -> None:
    """describe.go ``describeNodeResource``: the Non-terminated Pods table and Allocated
    resources."""
    status = node.get("status") or {}
    allocatable = status.get("allocatable") or status.get("capacity") or {}
    alloc = {k: parse_quantity(v) for k, v in allocatable.items()}
    cpu_alloc = alloc.get("cpu", Quantity()).milli_value()
    mem_alloc = alloc.get("memory", Quantity()).int_value()
    w.write(0, f"Non-terminated Pods:\t({len(pods)} in total)\n")
    w.write(1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n")
    w.write(1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n")
    for pod in pods:
        req, lim = _pod_requests_and_limits(pod)
        cpu_r, cpu_l = req.get("cpu", Quantity()), lim.get("cpu", Quantity())
        mem_r, mem_l = req.get("memory", Quantity()), lim.get("memory", Quantity())
        w.write(
            1,
            f"{_meta(pod).get('namespace', '')}\t{_meta(pod).get('name', '')}\t\t"
            f"{cpu_r} ({_percent(cpu_r.milli_value(), cpu_alloc)}%)\t"
            f"{cpu_l} ({_percent(cpu_l.milli_value(), cpu_alloc)}%)\t"
            f"{mem_r} ({_percent(mem_r.int_value(), mem_alloc)}%)\t"
            f"{mem_l} ({_percent(mem_l.int_value(), mem_alloc)}%)\t"
            f"{since(_meta(pod).get('creationTimestamp'), now)}\n",
        )
    w.write(
        0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n"
    )
    w.write(1, "Resource\tRequests\tLimits\n")
    w.write(1, "--------\t--------\t------\n")
    reqs: dict[str, Quantity] = {}
    limits: dict[str, Quantity] = {}
    for pod in pods:
        r, lim = _pod_requests_and_limits(pod)
        for k, q in r.items():
            reqs[k] = reqs.get(k, Quantity()) + q
        for k, q in lim.items():
            limits[k] = limits.get(k, Quantity()) + q
    zero = Quantity()
    cpu_r, cpu_l = reqs.get("cpu", zero), limits.get("cpu", zero)
    w.write(
        1,
        f"cpu\t{cpu_r} ({_percent(cpu_r.milli_value(), cpu_alloc)}%)\t"
        f"{cpu_l} ({_percent(cpu_l.milli_value(), cpu_alloc)}%)\n",
    )
    for res in ("memory", "ephemeral-storage"):
        r, lim = reqs.get(res, zero), limits.get(res, zero)
        whole = alloc.get(res, zero).int_value()
        w.write(
            1,
            f"{res}\t{r} ({_percent(r.int_value(), whole)}%)\t"
            f"{lim} ({_percent(lim.int_value(), whole)}%)\n",
        )
    for res in sorted(k for k in alloc if k.startswith("hugepages-")):
        r, lim = reqs.get(res, zero), limits.get(res, zero)
        whole = alloc[res].int_value()
        w.write(
            1,
            f"{res}\t{r} ({_percent(r.int_value(), whole)}%)\t"
            f"{lim} ({_percent(lim.int_value(), whole)}%)\n",
        )
    for res in sorted(
        k
        for k in alloc
        if k not in _STANDARD_CONTAINER_RESOURCES and not k.startswith("hugepages-") and k != "pods"
    ):
        w.write(1, f"{res}\t{reqs.get(res, zero)}\t{limits.get(res, zero)}\n")


def describe_node(node: dict, reader: Reader, now: datetime, show_events: bool) -> str:
    """describe.go ``describeNode``. The simulated cluster has no Lease objects unless the
    reader holds one in ``kube-node-lease``; a healthy kubelet's lease (renewed now) is
    shown instead."""
    md, spec, status = _meta(node), node.get("spec") or {}, node.get("status") or {}
    name = md.get("name", "")
    pods = [
        p
        for p in reader.list("Pod", None)
        if (p.get("spec") or {}).get("nodeName") == name
        and (p.get("status") or {}).get("phase") not in ("Succeeded", "Failed")
    ]
    events = _events_for(node, reader, show_events)
    w = PrefixWriter()
    w.write(0, f"Name:\t{name}\n")
    roles = find_node_roles(node)
    w.write(0, f"Roles:\t{','.join(roles) if roles else NONE}\n")
    labels_multiline(w, "Labels", md.get("labels"))
    annotations_multiline(w, "Annotations", md.get("annotations"))
    w.write(0, f"CreationTimestamp:\t{rfc1123z(md.get('creationTimestamp'))}\n")
    taints_multiline(w, "Taints", spec.get("taints"))
    w.write(0, f"Unschedulable:\t{go_bool(spec.get('unschedulable'))}\n")
    lease = reader.get("Lease", "kube-node-lease", name)
    lease_spec = (lease or {}).get("spec") or {
        "holderIdentity": name,
        "renewTime": now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    w.write(0, "Lease:\n")
    w.write(1, f"HolderIdentity:\t{lease_spec.get('holderIdentity') or '<unset>'}\n")
    acquire = lease_spec.get("acquireTime")
    w.write(1, f"AcquireTime:\t{rfc1123z(acquire) if acquire else '<unset>'}\n")
    renew = lease_spec.get("renewTime")
    w.write(1, f"RenewTime:\t{rfc1123z(renew) if renew else '<unset>'}\n")
    conditions = status.get("conditions") or []
    if conditions:
        w.write(
            0,
            "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n",
        )
        w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n")
        for c in conditions:
            w.write(
                1,
                f"{c.get('type', '')} \t{c.get('status', '')} \t"
                f"{rfc1123z(c.get('lastHeartbeatTime'))} \t"
                f"{rfc1123z(c.get('lastTransitionTime'))} \t{c.get('reason', '')} \t"
                f"{c.get('message', '')}\n",
            )
    w.write(0, "Addresses:\n")
    for a in status.get("addresses") or []:
        w.write(1, f"{a.get('type', '')}:\t{a.get('address', '')}\n")
    for title, key in (("Capacity", "capacity"), ("Allocatable", "allocatable")):
        resources = status.get(key) or {}
        if resources:
            w.write(0, f"{title}:\n")
            for res in sorted(resources):
                w.write(0, f"  {res}:\t{parse_quantity(resources[res])}\n")
    info = status.get("nodeInfo") or {}
    w.write(0, "System Info:\n")
    for label, key in (
        ("Machine ID", "machineID"),
        ("System UUID", "systemUUID"),
        ("Boot ID", "bootID"),
        ("Kernel Version", "kernelVersion"),
        ("OS Image", "osImage"),
        ("Operating System", "operatingSystem"),
        ("Architecture", "architecture"),
        ("Container Runtime Version", "containerRuntimeVersion"),
        ("Kubelet Version", "kubeletVersion"),
        ("Kube-Proxy Version", "kubeProxyVersion"),
    ):
        w.write(0, f"  {label}:\t{info.get(key, '')}\n")
    if spec.get("podCIDR"):
        w.write(0, f"PodCIDR:\t{spec['podCIDR']}\n")
    if spec.get("podCIDRs"):
        w.write(0, f"PodCIDRs:\t{','.join(spec['podCIDRs'])}\n")
    if spec.get("providerID"):
        w.write(0, f"ProviderID:\t{spec['providerID']}\n")
    _describe_node_resource(pods, node, w, now)
    if events is not None:
        describe_events(events, w, now)
    return w.getvalue()


def describe_namespace(ns: dict, reader: Reader, now: datetime, show_events: bool) -> str:
    """describe.go ``describeNamespace``: no events; quota and limit-range sections (the
    simulated cluster serves neither kind, so both are empty lists)."""
    md = _meta(ns)
    w = PrefixWriter()
    w.write(0, f"Name:\t{md.get('name', '')}\n")
    labels_multiline(w, "Labels", md.get("labels"))
    annotations_multiline(w, "Annotations", md.get("annotations"))
    w.write(0, f"Status:\t{(ns.get('status') or {}).get('phase', '')}\n")
    w.write(0, "\n")
    w.write(0, "No resource quota.\n")
    w.write(0, "\n")
    w.write(0, "No LimitRange resource.\n")
    return w.getvalue()


# ---------------------------------------------------------------------------------------------
# Config, identity, RBAC
# ---------------------------------------------------------------------------------------------


def describe_config_map(cm: dict, reader: Reader, now: datetime, show_events: bool) -> str:
    """describe.go ``ConfigMapDescriber.Describe`` (keys sorted)."""
    md = _meta(cm)
    w = PrefixWriter()
    w.write(0, f"Name:\t{md.get('name', '')}\n")
    w.write(0, f"Namespace:\t{md.get('namespace', '')}\n")
    labels_multiline(w, "Labels", md.get("labels"))
    annotations_multiline(w, "Annotations", md.get("annotations"))
    w.write(0, "\nData\n====\n")
    data = cm.get("data") or {}
    for k in sorted(data):
        w.write(0, f"{k}:\n----\n")
        w.write(0, f"{data[k]}\n")
        w.write(0, "\n")
    w.write(0, "\nBinaryData\n====\n")
    binary = cm.get("binaryData") or {}
    for k in sorted(binary):
        w.write(0, f"{k}: {_decoded_len(binary[k])} bytes\n")
    w.write(0, "\n")
    if show_events:
        describe_events(search_events(reader, cm), w, now)
    return w.getvalue()


def _decoded_len(b64: str) -> int:
    try:
        return len(base64.b64decode(b64))
    except (binascii.Error, ValueError):
        return len(b64)


def describe_secret(secret: dict, reader: Reader, now: datetime, show_events: bool) -> str:
    """describe.go ``describeSecret`` (keys sorted; no events)."""
    md = _meta(secret)
    w = PrefixWriter()
    w.write(0, f"Name:\t{md.get('name', '')}\n")
    w.write(0, f"Namespace:\t{md.get('namespace', '')}\n")
    labels_multiline(w, "Labels", md.get("labels"))
    annotations_multiline(w, "Annotations", md.get("annotations"))
    w.write(0, f"\nType:\t{secret.get('type', '')}\n")
    w.write(0, "\nData\n====\n")
    data = secret.get("data") or {}
    for k in sorted(data):
        if k == "token" and secret.get("type") == "kubernetes.io/service-account-token":
            w.write(0, f"{k}:\t{base64.b64decode(data[k]).decode(errors='replace')}\n")
        else:
            w.write(0, f"{k}:\t{_decoded_len(data[k])} bytes\n")
    return w.getvalue()


def describe_service_account(sa: dict, reader: Reader, now: datetime, show_events: bool) -> str:
    """describe.go ``describeServiceAccount``."""
    md = _meta(sa)
    secrets = reader.list("Secret", md.get("namespace", ""))
    existing = {_meta(s).get("name") for s in secrets}
    tokens = [
        _meta(s).get("name", "")
        for s in secrets
        if s.get("type") == "kubernetes.io/service-account-token"
        and (_meta(s).get("annotations") or {}).get("kubernetes.io/service-account.name")
        == md.get("name")
        and (_meta(s).get("annotations") or {}).get("kubernetes.io/service-account.uid")
        == md.get("uid")
    ]
    pull = [s.get("name", "") for s in sa.get("imagePullSecrets") or []]
    mount = [s.get("name", "") for s in sa.get("secrets") or []]
    missing = {n for n in pull + mount if n not in existing}
    events = _events_for(sa, reader, show_events)
    w = PrefixWriter()
    w.write(0, f"Name:\t{md.get('name', '')}\n")
    w.write(0, f"Namespace:\t{md.get('namespace', '')}\n")
    labels_multiline(w, "Labels", md.get("labels"))
    annotations_multiline(w, "Annotations", md.get("annotations"))
    empty_header = " " * 19
    for header, names in (
        ("Image pull secrets:", pull),
        ("Mountable secrets: ", mount),
        ("Tokens:            ", tokens),
    ):
        if not names:
            w.write(0, f"{header}\t<none>\n")
            continue
        prefix = header
        for n in names:
            suffix = " (not found)" if n in missing else ""
            w.write(0, f"{prefix}\t{n}{suffix}\n")
            prefix = empty_header
    if events is not None:
        describe_events(events, w, now)
    return w.getvalue()


def describe_role_binding(rb: dict, reader: Reader, now: datetime, show_events: bool) -> str:
    """describe.go ``RoleBindingDescriber`` / ``ClusterRoleBindingDescriber`` (no events)."""
    md, ref = _meta(rb), rb.get("roleRef") or {}
    w = PrefixWriter()
    w.write(0, f"Name:\t{md.get('name', '')}\n")
    labels_multiline(w, "Labels", md.get("labels"))
    annotations_multiline(w, "Annotations", md.get("annotations"))
    w.write(0, "Role:\n")
    w.write(1, f"Kind:\t{ref.get('kind', '')}\n")
    w.write(1, f"Name:\t{ref.get('name', '')}\n")
    w.write(0, "Subjects:\n")
    w.write(1, "Kind\tName\tNamespace\n")
    w.write(1, "----\t----\t---------\n")
    for s in rb.get("subjects") or []:
        w.write(1, f"{s.get('kind', '')}\t{s.get('name', '')}\t{s.get('namespace', '')}\n")
    return w.getvalue()


# ---------------------------------------------------------------------------------------------
# Generic describer
# ---------------------------------------------------------------------------------------------

_COMMON_ACRONYMS = {"API", "URL", "UID", "OSB", "GUID"}


def _camel_split(s: str) -> list[str]:
    """github.com/fatih/camelcase ``Split``: runs of lower, upper, digit, other; an upper run
    gives its last letter to a following lower run."""

    def cls(ch: str) -> int:
        if ch.islower():
            return 1
        if ch.isupper():
            return 2
        if ch.isdigit():
            return 3
        return 4

    runs: list[list[str]] = []
    last = 0
    for ch in s:
        c = cls(ch)
        if runs and c == last:
            runs[-1].append(ch)
        else:
            runs.append([ch])
        last = c
    for i in range(len(runs) - 1):
        if runs[i][0].isupper() and runs[i + 1][0].islower():
            runs[i + 1].insert(0, runs[i].pop())
    return ["".join(r) for r in runs if r]


def smart_label_for(field: str) -> str:
    """describe.go ``smartLabelFor``: ``apiVersion`` → ``API Version``."""
    if any(not (ch.isalpha() or ch == "-") for ch in field):
        return field
    parts = []
    for part in _camel_split(field):
        if part == "_":
            continue
        parts.append(
            part.upper() if part.upper() in _COMMON_ACRONYMS else part[:1].upper() + part[1:]
        )
    return " ".join(parts)


_GENERIC_SKIP = {
    ".metadata.managedFields",
    ".metadata.name",
    ".metadata.namespace",
    ".metadata.labels",
    ".metadata.annotations",
}


def _print_unstructured(w: PrefixWriter, level: int, content: dict, skip_prefix: str) -> None:
    """describe.go ``printUnstructuredContent``."""
    for field in sorted(content):
        value = content[field]
        path = f"{skip_prefix}.{field}"
        if path in _GENERIC_SKIP:
            continue
        if isinstance(value, dict):
            w.write(level, f"{smart_label_for(field)}:\n")
            _print_unstructured(w, level + 1, value, path)
        elif isinstance(value, list):
            w.write(level, f"{smart_label_for(field)}:\n")
            for child in value:
                if isinstance(child, dict):
                    _print_unstructured(w, level + 1, child, path)
                else:
                    w.write(level + 1, f"{_go_value(child)}\n")
        else:
            w.write(level, f"{smart_label_for(field)}:\t{_go_value(value)}\n")


def describe_generic(obj: dict, reader: Reader, now: datetime, show_events: bool) -> str:
    """describe.go ``genericDescriber.Describe``: metadata, then every other field sorted."""
    md = _meta(obj)
    events = _events_for(obj, reader, show_events)
    w = PrefixWriter()
    w.write(0, f"Name:\t{md.get('name', '')}\n")
    w.write(0, f"Namespace:\t{md.get('namespace', '')}\n")
    labels_multiline(w, "Labels", md.get("labels"))
    annotations_multiline(w, "Annotations", md.get("annotations"))
    _print_unstructured(w, 0, obj, "")
    if events is not None:
        describe_events(events, w, now)
    return w.getvalue()


# ---------------------------------------------------------------------------------------------
# Registry and entry point
# ---------------------------------------------------------------------------------------------

Describer = Callable[[dict, Reader, datetime, bool], str]

DESCRIBERS: dict[str, Describer] = {
    "Service": describe_service,
    "Pod": describe_pod,
    "Ingress": describe_ingress,
    "IngressClass": describe_ingress_class,
    "Deployment": describe_deployment,
    "ReplicaSet": describe_replica_set,
    "DaemonSet": describe_daemon_set,
    "Node": describe_node,
    "Namespace": describe_namespace,
    "Endpoints": describe_endpoints,
    "EndpointSlice": describe_endpoint_slice,
    "ConfigMap": describe_config_map,
    "Secret": describe_secret,
    "ServiceAccount": describe_service_account,
    "RoleBinding": describe_role_binding,
    "ClusterRoleBinding": describe_role_binding,
}


def describe(
    kind: str, obj: dict, reader: Reader, *, now: datetime, show_events: bool = True
) -> str:
    """The text ``kubectl describe KIND NAME`` prints for ``obj``.

    Parameters:
        kind: the object's kind (``"Service"``); kinds without a describer use kubectl's
            generic describer.
        obj: the stored object (versioned JSON dict, after defaulting).
        reader: where related objects (EndpointSlices, Pods, ReplicaSets, Events…) are read.
        now: the simulated clock, for ages.
        show_events: ``--show-events`` (kubectl turns it off when describing several objects).

    Returns the text ending with ``"\\n"``; the caller separates several descriptions with a
    blank line, as kubectl's ``describe`` command does.
    """
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return DESCRIBERS.get(kind, describe_generic)(obj, reader, now, show_events)

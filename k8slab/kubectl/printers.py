"""``kubectl get`` tables: a per-kind registry of columns plus a row function.

Since Kubernetes 1.11 the API server builds the table (kubernetes
``pkg/printers/internalversion/printers.go``: ``AddHandlers`` pairs e.g.
``serviceColumnDefinitions`` with ``printService``) and kubectl only decorates and aligns it
(cli-runtime ``pkg/printers/tableprinter.go``: ``decorateTable``, ``printTable``). The server
always generates the *wide* row (``pkg/printers/storage/storage.go`` ``ConvertToTable`` passes
``GenerateOptions{Wide: true}``) and kubectl drops columns whose priority is not 0 unless
``-o wide``; one consequence is that LoadBalancer/Ingress addresses are never clipped to 16
characters in ``kubectl get`` output.

Kinds without a handler in ``printers.go`` get the API server's default table
(``apiserver/pkg/registry/rest/table.go``: ``NAME``, ``CREATED AT`` as RFC 3339), as
``kubectl get clusterroles`` shows.

Objects are plain dicts in their versioned JSON form; this module never mutates them.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from k8slab.api.kinds import BY_KIND
from k8slab.kubectl.duration import human_duration, parse_time, since
from k8slab.kubectl.tabwriter import get_tab_writer

# ---------------------------------------------------------------------------------------------
# Shared formatting helpers (also used by describe.py)
# ---------------------------------------------------------------------------------------------

NONE = "<none>"

# printers.go: loadBalancerWidth, labelNodeRolePrefix, nodeLabelRole
LABEL_NODE_ROLE_PREFIX = "node-role.kubernetes.io/"
NODE_LABEL_ROLE = "kubernetes.io/role"


def format_labels(labels: dict[str, str] | None) -> str:
    """apimachinery ``labels.FormatLabels``: sorted ``k=v`` joined by ``,``, or ``<none>``."""
    if not labels:
        return NONE
    return ",".join(f"{k}={labels[k]}" for k in sorted(labels))


def selector_string(selector: dict | None) -> str:
    """``metav1.LabelSelectorAsSelector(sel).String()``: requirements sorted by key.

    ``matchLabels`` become ``k=v``; expressions ``k in (a,b)``, ``k notin (a,b)``, ``k``,
    ``!k``. An empty or missing selector is ``""``.
    """
    if not selector:
        return ""
    reqs: list[tuple[str, str]] = []
    for k, v in (selector.get("matchLabels") or {}).items():
        reqs.append((k, f"{k}={v}"))
    for expr in selector.get("matchExpressions") or []:
        key, op = expr.get("key", ""), expr.get("operator", "")
        values = ",".join(sorted(expr.get("values") or []))
        text = {
            "In": f"{key} in ({values})",
            "NotIn": f"{key} notin ({values})",
            "Exists": key,
            "DoesNotExist": f"!{key}",
        }.get(op, f"{key} {op} ({values})")
        reqs.append((key, text))
    reqs.sort(key=lambda r: r[0])
    return ",".join(text for _, text in reqs)


def format_label_selector(selector: dict | None) -> str:
    """``metav1.FormatLabelSelector``: the selector string, or ``<none>`` when empty."""
    return selector_string(selector) or NONE


def find_node_roles(node: dict) -> list[str]:
    """printers.go ``findNodeRoles``: ``node-role.kubernetes.io/<role>`` and
    ``kubernetes.io/role=<role>`` labels, sorted and de-duplicated."""
    roles: set[str] = set()
    for k, v in (node.get("metadata", {}).get("labels") or {}).items():
        if k.startswith(LABEL_NODE_ROLE_PREFIX):
            role = k[len(LABEL_NODE_ROLE_PREFIX) :]
            if role:
                roles.add(role)
        elif k == NODE_LABEL_ROLE and v:
            roles.add(v)
    return sorted(roles)


def join_host_port(host: str, port: int | str) -> str:
    """Go ``net.JoinHostPort``: IPv6 hosts in brackets."""
    try:
        if isinstance(ipaddress.ip_address(host), ipaddress.IPv6Address):
            return f"[{host}]:{port}"
    except ValueError:
        pass
    return f"{host}:{port}"


def load_balancer_status(status: dict | None) -> str:
    """printers.go ``loadBalancerStatusStringer`` with ``wide=true`` (as the server calls it):
    ingress IPs, else hostnames, de-duplicated, sorted, joined by ``,``."""
    result: set[str] = set()
    for ing in (status or {}).get("ingress") or []:
        if ing.get("ip"):
            result.add(ing["ip"])
        elif ing.get("hostname"):
            result.add(ing["hostname"])
    return ",".join(sorted(result))


def layout_container_cells(containers: list[dict] | None) -> tuple[str, str]:
    """printers.go ``layoutContainerCells``: names and images joined by ``,``."""
    containers = containers or []
    return (
        ",".join(c.get("name", "") for c in containers),
        ",".join(c.get("image", "") for c in containers),
    )


def _meta(obj: dict) -> dict:
    return obj.get("metadata") or {}


def _age(obj: dict, now: datetime) -> str:
    return since(_meta(obj).get("creationTimestamp"), now)


def _name(obj: dict) -> str:
    return _meta(obj).get("name", "")


# ---------------------------------------------------------------------------------------------
# Registry
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A ``metav1.TableColumnDefinition``: header name, priority (1 = ``-o wide`` only) and
    format (``"name"`` marks the column ``kind/`` is prefixed to)."""

    name: str
    priority: int = 0
    format: str = ""


RowFunc = Callable[[dict, datetime], list[str]]


@dataclass(frozen=True)
class TableHandler:
    """Column definitions and the function that builds one (wide) row per object."""

    columns: tuple[Column, ...]
    row: RowFunc


NAME = Column("Name", format="name")
AGE = Column("Age")


def _wide(*names: str) -> tuple[Column, ...]:
    return tuple(Column(n, priority=1) for n in names)


# -- Pod ---------------------------------------------------------------------------------------


def _is_restartable_init(container: dict | None) -> bool:
    return bool(container) and container.get("restartPolicy") == "Always"


def _later(a: str | None, b: str | None) -> str | None:
    """The later of two RFC 3339 timestamps (None counts as zero time)."""
    ta, tb = parse_time(a), parse_time(b)
    if tb is None:
        return a
    if ta is None or ta < tb:
        return b
    return a


def print_pod(pod: dict, now: datetime) -> list[str]:
    """printers.go ``printPod``: READY, STATUS (reason), RESTARTS, wide IP/NODE/…"""
    spec = pod.get("spec") or {}
    status = pod.get("status") or {}
    restarts = 0
    restartable_init_restarts = 0
    total = len(spec.get("containers") or [])
    ready = 0
    last_restart: str | None = None
    last_restartable_init_restart: str | None = None

    phase = status.get("phase", "")
    reason = status.get("reason") or phase
    for cond in status.get("conditions") or []:
        if cond.get("type") == "PodScheduled" and cond.get("reason") == "SchedulingGated":
            reason = "SchedulingGated"

    init_containers = {c.get("name"): c for c in spec.get("initContainers") or []}
    total += sum(1 for c in init_containers.values() if _is_restartable_init(c))

    initializing = False
    init_statuses = status.get("initContainerStatuses") or []
    for i, cs in enumerate(init_statuses):
        restarts += int(cs.get("restartCount", 0))
        last_term = (cs.get("lastState") or {}).get("terminated")
        if last_term:
            last_restart = _later(last_restart, last_term.get("finishedAt"))
        restartable = _is_restartable_init(init_containers.get(cs.get("name")))
        if restartable:
            restartable_init_restarts += int(cs.get("restartCount", 0))
            if last_term:
                last_restartable_init_restart = _later(
                    last_restartable_init_restart, last_term.get("finishedAt")
                )
        state = cs.get("state") or {}
        term, waiting = state.get("terminated"), state.get("waiting")
        if term and term.get("exitCode", 0) == 0:
            continue
        if restartable and cs.get("started"):
            if cs.get("ready"):
                ready += 1
            continue
        if term:
            if not term.get("reason"):
                if term.get("signal"):
                    reason = f"Init:Signal:{term['signal']}"
                else:
                    reason = f"Init:ExitCode:{term.get('exitCode', 0)}"
            else:
                reason = "Init:" + term["reason"]
        elif waiting and waiting.get("reason") and waiting["reason"] != "PodInitializing":
            reason = "Init:" + waiting["reason"]
        else:
            reason = f"Init:{i}/{len(init_containers)}"
        initializing = True
        break

    initialized = any(
        c.get("type") == "Initialized" and c.get("status") == "True"
        for c in status.get("conditions") or []
    )
    if not initializing or initialized:
        restarts = restartable_init_restarts
        last_restart = last_restartable_init_restart
        has_running = False
        for cs in reversed(status.get("containerStatuses") or []):
            restarts += int(cs.get("restartCount", 0))
            last_term = (cs.get("lastState") or {}).get("terminated")
            if last_term:
                last_restart = _later(last_restart, last_term.get("finishedAt"))
            state = cs.get("state") or {}
            waiting, term = state.get("waiting"), state.get("terminated")
            if waiting and waiting.get("reason"):
                reason = waiting["reason"]
            elif term and term.get("reason"):
                reason = term["reason"]
            elif term:
                if term.get("signal"):
                    reason = f"Signal:{term['signal']}"
                else:
                    reason = f"ExitCode:{term.get('exitCode', 0)}"
            elif cs.get("ready") and state.get("running") is not None:
                has_running = True
                ready += 1
        if reason == "Completed" and has_running:
            pod_ready = any(
                c.get("type") == "Ready" and c.get("status") == "True"
                for c in status.get("conditions") or []
            )
            reason = "Running" if pod_ready else "NotReady"

    deleting = _meta(pod).get("deletionTimestamp") is not None
    if deleting and status.get("reason") == "NodeLost":
        reason = "Unknown"
    elif deleting and phase not in ("Succeeded", "Failed"):
        reason = "Terminating"

    restarts_str = str(restarts)
    if restarts != 0 and last_restart:
        restarts_str = f"{restarts} ({since(last_restart, now)} ago)"

    pod_ips = status.get("podIPs") or []
    pod_ip = (pod_ips[0].get("ip") if pod_ips else "") or NONE
    node_name = spec.get("nodeName") or NONE
    nominated = status.get("nominatedNodeName") or NONE
    gates = spec.get("readinessGates") or []
    readiness_gates = NONE
    if gates:
        conditions = status.get("conditions") or []
        true_count = 0
        for gate in gates:
            for cond in conditions:
                if cond.get("type") == gate.get("conditionType"):
                    if cond.get("status") == "True":
                        true_count += 1
                    break
        readiness_gates = f"{true_count}/{len(gates)}"
    return [
        _name(pod),
        f"{ready}/{total}",
        reason,
        restarts_str,
        _age(pod, now),
        pod_ip,
        node_name,
        nominated,
        readiness_gates,
    ]


# -- Service -----------------------------------------------------------------------------------


def service_external_ip(svc: dict) -> str:
    """printers.go ``getServiceExternalIP`` (wide): ``<none>``, ``<pending>``, LB address, …"""
    spec = svc.get("spec") or {}
    external_ips = spec.get("externalIPs") or []
    svc_type = spec.get("type", "")
    if svc_type in ("ClusterIP", "NodePort"):
        return ",".join(external_ips) if external_ips else NONE
    if svc_type == "LoadBalancer":
        lb_ips = load_balancer_status((svc.get("status") or {}).get("loadBalancer"))
        if external_ips:
            results = (lb_ips.split(",") if lb_ips else []) + list(external_ips)
            return ",".join(results)
        return lb_ips or "<pending>"
    if svc_type == "ExternalName":
        return spec.get("externalName", "")
    return "<unknown>"


def make_port_string(ports: list[dict] | None) -> str:
    """printers.go ``makePortString``: ``80/TCP``, ``80:31238/TCP``, joined by ``,``."""
    pieces = []
    for p in ports or []:
        proto = p.get("protocol", "")
        if p.get("nodePort"):
            pieces.append(f"{p.get('port', 0)}:{p['nodePort']}/{proto}")
        else:
            pieces.append(f"{p.get('port', 0)}/{proto}")
    return ",".join(pieces)


def print_service(svc: dict, now: datetime) -> list[str]:
    """printers.go ``printService``."""
    spec = svc.get("spec") or {}
    cluster_ips = spec.get("clusterIPs") or []
    return [
        _name(svc),
        spec.get("type", ""),
        cluster_ips[0] if cluster_ips else NONE,
        service_external_ip(svc),
        make_port_string(spec.get("ports")) or NONE,
        _age(svc, now),
        format_labels(spec.get("selector")),
    ]


# -- Endpoints / EndpointSlice -----------------------------------------------------------------


def _list_with_more(items: list[str], count: int, limit: int = 3, empty: str = "<unset>") -> str:
    """printers.go ``listWithMoreString``."""
    ret = ",".join(items[:limit])
    if count > limit:
        return f"{ret} + {count - limit} more..."
    return ret or empty


def format_endpoints(ep: dict) -> str:
    """printers.go ``formatEndpoints`` (all ports): up to 3 ``ip:port``, then `` + N more...``."""
    subsets = ep.get("subsets") or []
    if not subsets:
        return NONE
    items: list[str] = []
    limit, more, count = 3, False, 0
    for ss in subsets:
        addresses = ss.get("addresses") or []
        ports = ss.get("ports") or []
        if not ports:
            count += len(addresses)
            for a in addresses:
                if len(items) == limit:
                    more = True
                    break
                items.append(a.get("ip", ""))
            continue
        for port in ports:
            count += len(addresses)
            for a in addresses:
                if len(items) == limit:
                    more = True
                    break
                items.append(join_host_port(a.get("ip", ""), port.get("port", 0)))
    ret = ",".join(items)
    if more:
        return f"{ret} + {count - limit} more..."
    return ret


def print_endpoints(ep: dict, now: datetime) -> list[str]:
    """printers.go ``printEndpoints``."""
    return [_name(ep), format_endpoints(ep), _age(ep, now)]


def print_endpoint_slice(eps: dict, now: datetime) -> list[str]:
    """printers.go ``printEndpointSlice`` (``formatDiscoveryPorts``, ``formatDiscoveryEndpoints``)."""
    ports = eps.get("ports") or []
    port_items = []
    for p in ports:
        if p.get("port") is not None:
            port_items.append(str(p["port"]))
        elif p.get("name") is not None:
            port_items.append(p["name"])
        else:
            port_items.append("*")
    addresses = [a for e in eps.get("endpoints") or [] for a in e.get("addresses") or []]
    return [
        _name(eps),
        eps.get("addressType", ""),
        _list_with_more(port_items, len(port_items)),
        _list_with_more(addresses, len(addresses)),
        _age(eps, now),
    ]


# -- Node / Namespace --------------------------------------------------------------------------


def node_address(node: dict, kind: str) -> str:
    """printers.go ``getNodeInternalIP`` / ``getNodeExternalIP``: first address of ``kind``."""
    for a in (node.get("status") or {}).get("addresses") or []:
        if a.get("type") == kind:
            return a.get("address", "")
    return NONE


def print_node(node: dict, now: datetime) -> list[str]:
    """printers.go ``printNode``: STATUS from the Ready condition, ROLES, VERSION, wide extras."""
    status = node.get("status") or {}
    states = []
    for cond in status.get("conditions") or []:
        if cond.get("type") == "Ready":
            states = ["Ready" if cond.get("status") == "True" else "NotReady"]
    if not states:
        states = ["Unknown"]
    if (node.get("spec") or {}).get("unschedulable"):
        states.append("SchedulingDisabled")
    info = status.get("nodeInfo") or {}
    return [
        _name(node),
        ",".join(states),
        ",".join(find_node_roles(node)) or NONE,
        _age(node, now),
        info.get("kubeletVersion", ""),
        node_address(node, "InternalIP"),
        node_address(node, "ExternalIP"),
        info.get("osImage") or "<unknown>",
        info.get("kernelVersion") or "<unknown>",
        info.get("containerRuntimeVersion") or "<unknown>",
    ]


def print_namespace(ns: dict, now: datetime) -> list[str]:
    """printers.go ``printNamespace``."""
    return [_name(ns), (ns.get("status") or {}).get("phase", ""), _age(ns, now)]


# -- Workloads ---------------------------------------------------------------------------------


def _template_spec(obj: dict) -> dict:
    return ((obj.get("spec") or {}).get("template") or {}).get("spec") or {}


def print_deployment(d: dict, now: datetime) -> list[str]:
    """printers.go ``printDeployment``: READY ``ready/desired``, UP-TO-DATE, AVAILABLE."""
    spec, status = d.get("spec") or {}, d.get("status") or {}
    names, images = layout_container_cells(_template_spec(d).get("containers"))
    return [
        _name(d),
        f"{status.get('readyReplicas', 0)}/{spec.get('replicas', 0)}",
        str(status.get("updatedReplicas", 0)),
        str(status.get("availableReplicas", 0)),
        _age(d, now),
        names,
        images,
        selector_string(spec.get("selector")),
    ]


def print_replica_set(rs: dict, now: datetime) -> list[str]:
    """printers.go ``printReplicaSet``: DESIRED, CURRENT, READY."""
    spec, status = rs.get("spec") or {}, rs.get("status") or {}
    names, images = layout_container_cells(_template_spec(rs).get("containers"))
    return [
        _name(rs),
        str(spec.get("replicas", 0)),
        str(status.get("replicas", 0)),
        str(status.get("readyReplicas", 0)),
        _age(rs, now),
        names,
        images,
        format_label_selector(spec.get("selector")),
    ]


def print_daemon_set(ds: dict, now: datetime) -> list[str]:
    """printers.go ``printDaemonSet``: counts, NODE SELECTOR (``<none>`` when empty)."""
    spec, status = ds.get("spec") or {}, ds.get("status") or {}
    names, images = layout_container_cells(_template_spec(ds).get("containers"))
    return [
        _name(ds),
        str(status.get("desiredNumberScheduled", 0)),
        str(status.get("currentNumberScheduled", 0)),
        str(status.get("numberReady", 0)),
        str(status.get("updatedNumberScheduled", 0)),
        str(status.get("numberAvailable", 0)),
        format_labels(_template_spec(ds).get("nodeSelector")),
        _age(ds, now),
        names,
        images,
        format_label_selector(spec.get("selector")),
    ]


def _condition_true(obj: dict, ctype: str) -> bool:
    for c in (obj.get("status") or {}).get("conditions") or []:
        if c.get("type") == ctype:
            return c.get("status") == "True"
    return False


def print_job(job: dict, now: datetime) -> list[str]:
    """printers.go ``printJob``: STATUS, COMPLETIONS, DURATION."""
    spec, status = job.get("spec") or {}, job.get("status") or {}
    succeeded = status.get("succeeded", 0)
    if spec.get("completions") is not None:
        completions = f"{succeeded}/{spec['completions']}"
    else:
        parallelism = spec.get("parallelism") or 0
        completions = f"{succeeded}/1 of {parallelism}" if parallelism > 1 else f"{succeeded}/1"
    start, end = parse_time(status.get("startTime")), parse_time(status.get("completionTime"))
    job_duration = ""
    if start is not None and end is None:
        job_duration = since(status.get("startTime"), now)
    elif start is not None and end is not None:
        job_duration = human_duration((end - start).total_seconds())
    if _condition_true(job, "Complete"):
        state = "Complete"
    elif _condition_true(job, "Failed"):
        state = "Failed"
    elif _meta(job).get("deletionTimestamp") is not None:
        state = "Terminating"
    elif _condition_true(job, "Suspended"):
        state = "Suspended"
    elif _condition_true(job, "FailureTarget"):
        state = "FailureTarget"
    else:
        state = "Running"
    names, images = layout_container_cells(_template_spec(job).get("containers"))
    return [
        _name(job),
        state,
        completions,
        job_duration,
        _age(job, now),
        names,
        images,
        format_label_selector(spec.get("selector")),
    ]


# -- Networking --------------------------------------------------------------------------------


def format_hosts(rules: list[dict] | None) -> str:
    """printers.go ``formatHosts``: up to 3 hosts, `` + N more...``, ``*`` when none."""
    rules = rules or []
    items: list[str] = []
    limit, more = 3, False
    for rule in rules:
        if len(items) == limit:
            more = True
        if not more and rule.get("host"):
            items.append(rule["host"])
    if not items:
        return "*"
    ret = ",".join(items)
    if more:
        return f"{ret} + {len(rules) - limit} more..."
    return ret


def print_ingress(ing: dict, now: datetime) -> list[str]:
    """printers.go ``printIngress``: CLASS, HOSTS, ADDRESS, PORTS (``80`` or ``80, 443``)."""
    spec = ing.get("spec") or {}
    return [
        _name(ing),
        spec.get("ingressClassName") or NONE,
        format_hosts(spec.get("rules")),
        load_balancer_status((ing.get("status") or {}).get("loadBalancer")),
        "80, 443" if spec.get("tls") else "80",
        _age(ing, now),
    ]


def print_ingress_class(ic: dict, now: datetime) -> list[str]:
    """printers.go ``printIngressClass``: CONTROLLER, PARAMETERS (``Kind[.group]/name``)."""
    spec = ic.get("spec") or {}
    params = spec.get("parameters")
    parameters = NONE
    if params:
        parameters = params.get("kind", "")
        if params.get("apiGroup") is not None:
            parameters += "." + params["apiGroup"]
        parameters += "/" + params.get("name", "")
    return [_name(ic), spec.get("controller", ""), parameters, _age(ic, now)]


# -- Config and identity ----------------------------------------------------------------------


def print_config_map(cm: dict, now: datetime) -> list[str]:
    """printers.go ``printConfigMap``: DATA = keys in data + binaryData."""
    n = len(cm.get("data") or {}) + len(cm.get("binaryData") or {})
    return [_name(cm), str(n), _age(cm, now)]


def print_secret(secret: dict, now: datetime) -> list[str]:
    """printers.go ``printSecret``: TYPE, DATA."""
    return [
        _name(secret),
        secret.get("type", ""),
        str(len(secret.get("data") or {})),
        _age(secret, now),
    ]


def print_service_account(sa: dict, now: datetime) -> list[str]:
    """printers.go ``printServiceAccount``: SECRETS = len(secrets)."""
    return [_name(sa), str(len(sa.get("secrets") or [])), _age(sa, now)]


def _subjects(subjects: list[dict] | None) -> tuple[str, str, str]:
    """rbac ``SubjectsStrings``: users, groups, ``ns/name`` service accounts."""
    users, groups, sas = [], [], []
    for s in subjects or []:
        kind = s.get("kind")
        if kind == "User":
            users.append(s.get("name", ""))
        elif kind == "Group":
            groups.append(s.get("name", ""))
        elif kind == "ServiceAccount":
            sas.append(f"{s.get('namespace', '')}/{s.get('name', '')}")
    return ", ".join(users), ", ".join(groups), ", ".join(sas)


def print_role_binding(rb: dict, now: datetime) -> list[str]:
    """printers.go ``printRoleBinding`` / ``printClusterRoleBinding``: ROLE ``Kind/name``."""
    ref = rb.get("roleRef") or {}
    users, groups, sas = _subjects(rb.get("subjects"))
    return [
        _name(rb),
        f"{ref.get('kind', '')}/{ref.get('name', '')}",
        _age(rb, now),
        users,
        groups,
        sas,
    ]


def print_webhook_configuration(cfg: dict, now: datetime) -> list[str]:
    """printers.go ``printValidatingWebhook``: WEBHOOKS = number of webhooks."""
    return [_name(cfg), str(len(cfg.get("webhooks") or [])), _age(cfg, now)]


def print_event(ev: dict, now: datetime) -> list[str]:
    """printers.go ``printEvent`` (wide row; LAST SEEN, TYPE, REASON, OBJECT, MESSAGE)."""
    first = since(ev.get("firstTimestamp"), now)
    if not ev.get("firstTimestamp"):
        first = since(ev.get("eventTime"), now)
    last = since(ev.get("lastTimestamp"), now) if ev.get("lastTimestamp") else first
    count = ev.get("count") or 0
    series = ev.get("series")
    if series:
        last = since(series.get("lastObservedTime"), now)
        count = series.get("count", 0)
    elif count == 0:
        count = 1
    inv = ev.get("involvedObject") or {}
    kind = (inv.get("kind") or "").lower()
    target = f"{kind}/{inv['name']}" if inv.get("name") else kind
    src = ev.get("source") or {}
    component = src.get("component") or ev.get("reportingComponent") or ""
    host = src.get("host") or ev.get("reportingInstance") or ""
    source = f"{component}, {host}" if host else component
    return [
        last,
        ev.get("type", ""),
        ev.get("reason", ""),
        target,
        inv.get("fieldPath", ""),
        source,
        (ev.get("message") or "").strip(),
        first,
        str(count),
        _name(ev),
    ]


def print_default(obj: dict, now: datetime) -> list[str]:
    """apiserver ``rest.NewDefaultTableConvertor``: NAME, CREATED AT (RFC 3339, UTC)."""
    created = parse_time(_meta(obj).get("creationTimestamp"))
    return [_name(obj), created.strftime("%Y-%m-%dT%H:%M:%SZ") if created else ""]


HANDLERS: dict[str, TableHandler] = {
    "Pod": TableHandler(
        (
            NAME,
            Column("Ready"),
            Column("Status"),
            Column("Restarts"),
            AGE,
            *_wide("IP", "Node", "Nominated Node", "Readiness Gates"),
        ),
        print_pod,
    ),
    "Service": TableHandler(
        (
            NAME,
            Column("Type"),
            Column("Cluster-IP"),
            Column("External-IP"),
            Column("Port(s)"),
            AGE,
            *_wide("Selector"),
        ),
        print_service,
    ),
    "Endpoints": TableHandler((NAME, Column("Endpoints"), AGE), print_endpoints),
    "EndpointSlice": TableHandler(
        (NAME, Column("AddressType"), Column("Ports"), Column("Endpoints"), AGE),
        print_endpoint_slice,
    ),
    "Node": TableHandler(
        (
            NAME,
            Column("Status"),
            Column("Roles"),
            AGE,
            Column("Version"),
            *_wide("Internal-IP", "External-IP", "OS-Image", "Kernel-Version", "Container-Runtime"),
        ),
        print_node,
    ),
    "Namespace": TableHandler((NAME, Column("Status"), AGE), print_namespace),
    "Deployment": TableHandler(
        (
            NAME,
            Column("Ready"),
            Column("Up-to-date"),
            Column("Available"),
            AGE,
            *_wide("Containers", "Images", "Selector"),
        ),
        print_deployment,
    ),
    "ReplicaSet": TableHandler(
        (
            NAME,
            Column("Desired"),
            Column("Current"),
            Column("Ready"),
            AGE,
            *_wide("Containers", "Images", "Selector"),
        ),
        print_replica_set,
    ),
    "DaemonSet": TableHandler(
        (
            NAME,
            Column("Desired"),
            Column("Current"),
            Column("Ready"),
            Column("Up-to-date"),
            Column("Available"),
            Column("Node Selector"),
            AGE,
            *_wide("Containers", "Images", "Selector"),
        ),
        print_daemon_set,
    ),
    "Job": TableHandler(
        (
            NAME,
            Column("Status"),
            Column("Completions"),
            Column("Duration"),
            AGE,
            *_wide("Containers", "Images", "Selector"),
        ),
        print_job,
    ),
    "Ingress": TableHandler(
        (NAME, Column("Class"), Column("Hosts"), Column("Address"), Column("Ports"), AGE),
        print_ingress,
    ),
    "IngressClass": TableHandler(
        (NAME, Column("Controller"), Column("Parameters"), AGE), print_ingress_class
    ),
    "ConfigMap": TableHandler((NAME, Column("Data"), AGE), print_config_map),
    "Secret": TableHandler((NAME, Column("Type"), Column("Data"), AGE), print_secret),
    "ServiceAccount": TableHandler((NAME, Column("Secrets"), AGE), print_service_account),
    "RoleBinding": TableHandler(
        (NAME, Column("Role"), AGE, *_wide("Users", "Groups", "ServiceAccounts")),
        print_role_binding,
    ),
    "ClusterRoleBinding": TableHandler(
        (NAME, Column("Role"), AGE, *_wide("Users", "Groups", "ServiceAccounts")),
        print_role_binding,
    ),
    "ValidatingWebhookConfiguration": TableHandler(
        (NAME, Column("Webhooks"), AGE), print_webhook_configuration
    ),
    "Event": TableHandler(
        (
            Column("Last Seen"),
            Column("Type"),
            Column("Reason"),
            Column("Object"),
            Column("Subobject", priority=1),
            Column("Source", priority=1),
            Column("Message"),
            Column("First Seen", priority=1),
            Column("Count", priority=1),
            Column("Name", priority=1, format="name"),
        ),
        print_event,
    ),
}

DEFAULT_HANDLER = TableHandler((NAME, Column("Created At")), print_default)


def handler_for(kind: str) -> TableHandler:
    """The table handler registered for ``kind``, or the API server's default (NAME, CREATED AT)."""
    return HANDLERS.get(kind, DEFAULT_HANDLER)


# ---------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------

# kubectl get flushes its tab writer every 100 rows (tableprinter.go printTable flushInterval).
_FLUSH_INTERVAL = 100


def _label_header(key: str) -> str:
    """tableprinter.go ``formatLabelHeaders``: the part after the last ``/``, upper-cased."""
    return key.split("/")[-1].upper()


def table_lines(
    kind: str,
    objects: Iterable[dict],
    *,
    now: datetime,
    wide: bool = False,
    all_namespaces: bool = False,
    show_kind: bool = False,
    show_labels: bool = False,
    label_columns: list[str] | None = None,
    no_headers: bool = False,
) -> list[list[str]]:
    """The header (unless ``no_headers``) and rows kubectl would write, as cells.

    Decorated as tableprinter.go ``decorateTable``/``printTable`` do: ``NAMESPACE`` first for
    ``-A`` on namespaced kinds, ``-L`` label columns then ``LABELS`` last, ``kind/`` before the
    name column, and priority-1 columns only with ``wide``. Empty list for no objects.
    """
    objects = list(objects)
    if not objects:
        return []
    handler = handler_for(kind)
    info = BY_KIND.get(kind)
    with_namespace = all_namespaces and (info is None or info.namespaced)
    label_columns = list(label_columns or [])
    keep = [i for i, c in enumerate(handler.columns) if wide or c.priority == 0]
    name_col = next((i for i, c in enumerate(handler.columns) if c.format == "name"), None)
    prefix = (info.name_prefix if info else kind.lower()) + "/"

    lines: list[list[str]] = []
    if not no_headers:
        header = [handler.columns[i].name.upper() for i in keep]
        if with_namespace:
            header.insert(0, "NAMESPACE")
        header += [_label_header(k) for k in label_columns]
        if show_labels:
            header.append("LABELS")
        lines.append(header)
    for obj in objects:
        cells = handler.row(obj, now)
        if show_kind and name_col is not None:
            cells[name_col] = prefix + cells[name_col]
        row = [cells[i] for i in keep]
        if with_namespace:
            row.insert(0, _meta(obj).get("namespace", ""))
        labels = _meta(obj).get("labels") or {}
        row += [labels.get(k, "") for k in label_columns]
        if show_labels:
            row.append(format_labels(labels))
        lines.append(row)
    return lines


def _sanitize(cell: str) -> str:
    """tableprinter.go ``appendCellValue``: cut at the first line break, adding ``...``."""
    for i, ch in enumerate(cell):
        if ch in "\f\n\r":
            return cell[:i] + "..."
    return cell


def render_table(
    kind: str,
    objects: list[dict],
    *,
    now: datetime,
    wide: bool = False,
    all_namespaces: bool = False,
    show_kind: bool = False,
    show_labels: bool = False,
    label_columns: list[str] | None = None,
    no_headers: bool = False,
) -> str:
    """The text ``kubectl get KIND`` prints for ``objects`` (in the order given).

    Returns the aligned table ending with ``"\\n"``, or ``""`` when ``objects`` is empty (the
    caller then prints ``No resources found in <ns> namespace.`` to stderr). ``now`` is the
    simulated clock, used for AGE.
    """
    lines = table_lines(
        kind,
        objects,
        now=now,
        wide=wide,
        all_namespaces=all_namespaces,
        show_kind=show_kind,
        show_labels=show_labels,
        label_columns=label_columns,
        no_headers=no_headers,
    )
    if not lines:
        return ""
    w = get_tab_writer()
    header_offset = 0 if no_headers else 1
    for i, cells in enumerate(lines):
        w.write("\t".join(_sanitize(c) for c in cells) + "\n")
        row_index = i - header_offset
        if row_index >= 0 and (row_index + 1) % _FLUSH_INTERVAL == 0:
            w.flush()
    w.flush()
    return w.getvalue()


# `kubectl get all`: the "all" category in discovery order (core, then apps, then batch).
ALL_CATEGORY: tuple[str, ...] = ("Pod", "Service", "DaemonSet", "Deployment", "ReplicaSet", "Job")


def render_tables(
    objects: list[dict],
    *,
    now: datetime,
    wide: bool = False,
    all_namespaces: bool = False,
    show_labels: bool = False,
    label_columns: list[str] | None = None,
    no_headers: bool = False,
) -> str:
    """``kubectl get A,B`` for objects of several kinds (kubectl ``pkg/cmd/get/get.go`` ``Run``).

    A new table starts whenever the kind changes; tables are separated by a blank line (not
    with ``no_headers``); names carry ``kind[.group]/`` when more than one kind is present
    (``multipleGVKsRequested``). Objects keep the given order. ``""`` when empty.
    """
    groups: list[tuple[str, list[dict]]] = []
    for obj in objects:
        kind = obj.get("kind", "")
        if groups and groups[-1][0] == kind:
            groups[-1][1].append(obj)
        else:
            groups.append((kind, [obj]))
    show_kind = len({k for k, _ in groups}) > 1
    out: list[str] = []
    for kind, objs in groups:
        text = render_table(
            kind,
            objs,
            now=now,
            wide=wide,
            all_namespaces=all_namespaces,
            show_kind=show_kind,
            show_labels=show_labels,
            label_columns=label_columns,
            no_headers=no_headers,
        )
        if text and out and not no_headers:
            out.append("\n")
        out.append(text)
    return "".join(out)


def render_get_all(
    objects: list[dict],
    *,
    now: datetime,
    wide: bool = False,
    all_namespaces: bool = False,
    show_labels: bool = False,
    label_columns: list[str] | None = None,
    no_headers: bool = False,
) -> str:
    """``kubectl get all``: pods, services, daemonsets, deployments, replicasets, jobs.

    ``objects`` may hold any kinds (e.g. everything in the namespace); only the ``all``
    category is shown, one table per kind in discovery order, names prefixed
    (``pod/…``, ``service/kubernetes``, ``deployment.apps/nginx``). ``""`` when empty.
    """
    ordered = [o for kind in ALL_CATEGORY for o in objects if o.get("kind") == kind]
    return render_tables(
        ordered,
        now=now,
        wide=wide,
        all_namespaces=all_namespaces,
        show_labels=show_labels,
        label_columns=label_columns,
        no_headers=no_headers,
    )

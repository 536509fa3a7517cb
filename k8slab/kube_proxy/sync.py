"""``sync_proxy_rules``: one node's whole ruleset from a store snapshot, in one pass.

A re-telling of kubernetes/kubernetes ``pkg/proxy/iptables/proxier.go`` ``syncProxyRules`` and
``writeServiceToEndpointRules`` @ 531be81 as a full sync (k8slab never patches a chain: any
change recomputes everything). Rules are emitted in kube-proxy's order into per-table buffers
(filter chains/rules, nat chains/rules), then the builtin-chain jumps kube-proxy (and kubelet)
insert with ``iptables -I`` are added so the walk can start at PREROUTING/OUTPUT.

Service order. Upstream walks ``svcPortMap``, a Go map, so the order of Services inside the
shared chains (KUBE-SERVICES, KUBE-NODEPORTS, KUBE-EXTERNAL-SERVICES, …) differs from sync to
sync on a real node. k8slab uses one fixed order: Services sorted by the string
``namespace/name`` (the key upstream's test helper ``sortIPTablesRules`` sorts by), and the
ports of one Service in spec order. With that order the payload already is in upstream's
canonical order for those chains.
"""

from __future__ import annotations

import gc
import ipaddress
from collections.abc import Sequence
from functools import lru_cache

from ..api.reader import Reader
from . import chains as c
from .endpoints import EndpointInfo, categorize_endpoints, endpoints_by_service_port
from .rules import Rule, compute_probability, make_rule
from .ruleset import Chain, Ruleset, Table
from .serviceport import ServicePortInfo, service_port_infos

# Builtin-chain jumps in the order proxier.go's iptablesJumpChains ensures them (each is
# prepended with "iptables -I"): (table, target chain, source chain, comment, extra args).
IPTABLES_JUMP_CHAINS: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    (c.TABLE_FILTER, c.KUBE_EXTERNAL_SERVICES, c.INPUT, "kubernetes externally-visible service portals", ("-m", "conntrack", "--ctstate", "NEW")),
    (c.TABLE_FILTER, c.KUBE_EXTERNAL_SERVICES, c.FORWARD, "kubernetes externally-visible service portals", ("-m", "conntrack", "--ctstate", "NEW")),
    (c.TABLE_FILTER, c.KUBE_NODEPORTS, c.INPUT, "kubernetes health check service ports", ()),
    (c.TABLE_FILTER, c.KUBE_SERVICES, c.FORWARD, "kubernetes service portals", ("-m", "conntrack", "--ctstate", "NEW")),
    (c.TABLE_FILTER, c.KUBE_SERVICES, c.OUTPUT, "kubernetes service portals", ("-m", "conntrack", "--ctstate", "NEW")),
    (c.TABLE_FILTER, c.KUBE_FORWARD, c.FORWARD, "kubernetes forwarding rules", ()),
    (c.TABLE_FILTER, c.KUBE_PROXY_FIREWALL, c.INPUT, "kubernetes load balancer firewall", ("-m", "conntrack", "--ctstate", "NEW")),
    (c.TABLE_FILTER, c.KUBE_PROXY_FIREWALL, c.OUTPUT, "kubernetes load balancer firewall", ("-m", "conntrack", "--ctstate", "NEW")),
    (c.TABLE_FILTER, c.KUBE_PROXY_FIREWALL, c.FORWARD, "kubernetes load balancer firewall", ("-m", "conntrack", "--ctstate", "NEW")),
    (c.TABLE_NAT, c.KUBE_SERVICES, c.OUTPUT, "kubernetes service portals", ()),
    (c.TABLE_NAT, c.KUBE_SERVICES, c.PREROUTING, "kubernetes service portals", ()),
    (c.TABLE_NAT, c.KUBE_POSTROUTING, c.POSTROUTING, "kubernetes postrouting rules", ()),
)  # fmt: skip

NODEPORTS_LAST_RULE_COMMENT = (
    "kubernetes service nodeports; NOTE: this must be the last rule in this chain"
)
IPTABLES_CT_STATE_INVALID_DROPPED_NFACCT_COUNTER = "ct_state_invalid_dropped_pkts"
LOCALHOST_NODEPORT_ACCEPTED_NFACCT_COUNTER = "localhost_nps_accepted_pkts"


def masquerade_mark_for_bit(bit: int) -> str:
    """The mark kube-proxy writes: Go ``fmt.Sprintf("%#08x", 1<<bit)`` (``0x00004000``)."""
    return "0x" + format(1 << bit, "08x")


class _Buffers:
    """The four line buffers of ``syncProxyRules`` (chains and rules, filter and nat)."""

    def __init__(self) -> None:
        self.filter_chains: list[str] = []
        self.filter_rules: list[Rule] = []
        self.nat_chains: list[str] = []
        self.nat_rules: list[Rule] = []

    def filter(self, chain: str, *args: str) -> None:
        self.filter_rules.append(make_rule(c.TABLE_FILTER, chain, *args))

    def nat(self, chain: str, *args: str) -> None:
        self.nat_rules.append(make_rule(c.TABLE_NAT, chain, *args))


def sync_proxy_rules(
    reader: Reader,
    node_name: str,
    *,
    node_ips: Sequence[str],
    cluster_cidr: str | None,
    masquerade_all: bool = False,
    localhost_nodeports: bool = True,
    masquerade_bit: int = 14,
    masquerade_mark: str | None = None,
    nfacct_counters: bool = True,
    random_fully: bool = False,
    conntrack_tcp_be_liberal: bool = False,
) -> Ruleset:
    """Build the filter and nat rules kube-proxy (iptables mode) writes on ``node_name``.

    **Parameters:**

    - ``reader``: the store (Services and EndpointSlices are read from it).
    - ``node_name``: the node kube-proxy runs on (decides which endpoints are local).
    - ``node_ips``: the node's IPv4 addresses; the first is ``nodeIP`` (LB source-range check);
      all of them plus 127.0.0.0/8 are "LOCAL" for the walk.
    - ``cluster_cidr``: kube-proxy's ``clusterCIDR`` (the ``LocalTrafficDetector``'s pod CIDR);
      ``None`` means no detector (no ``! -s CIDR`` masquerade rules, no pod short-circuit).
    - ``masquerade_all``: ``--masquerade-all``.
    - ``localhost_nodeports``: ``iptables.localhostNodePorts`` (default true: NodePorts answer on
      127.0.0.1 thanks to ``route_localnet``, guarded by KUBE-FIREWALL).
    - ``masquerade_bit`` / ``masquerade_mark``: the mark; by default formatted as production does
      (``0x00004000``); upstream's test fixture uses ``"0x4000"``.
    - ``nfacct_counters``: whether the two nfacct counters exist (adds ``-m nfacct`` rules).
    - ``random_fully``: whether iptables supports ``--random-fully`` on MASQUERADE.
    - ``conntrack_tcp_be_liberal``: if set, no INVALID-drop rule in KUBE-FORWARD.
    """
    # A full sync allocates a few objects per rule (170,000 rules for 10,000 Services), all of
    # them kept; the cyclic GC would rescan them again and again while they are being built, so
    # it is paused for the duration (and restored as it was).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _sync_proxy_rules(
            reader,
            node_name,
            node_ips=node_ips,
            cluster_cidr=cluster_cidr,
            masquerade_all=masquerade_all,
            localhost_nodeports=localhost_nodeports,
            masquerade_bit=masquerade_bit,
            masquerade_mark=masquerade_mark,
            nfacct_counters=nfacct_counters,
            random_fully=random_fully,
            conntrack_tcp_be_liberal=conntrack_tcp_be_liberal,
        )
    finally:
        if gc_was_enabled:
            gc.enable()


def _sync_proxy_rules(
    reader: Reader,
    node_name: str,
    *,
    node_ips: Sequence[str],
    cluster_cidr: str | None,
    masquerade_all: bool,
    localhost_nodeports: bool,
    masquerade_bit: int,
    masquerade_mark: str | None,
    nfacct_counters: bool,
    random_fully: bool,
    conntrack_tcp_be_liberal: bool,
) -> Ruleset:
    mark = masquerade_mark or masquerade_mark_for_bit(masquerade_bit)
    node_ips = tuple(str(ipaddress.IPv4Address(ip)) for ip in node_ips)
    node_ip = ipaddress.IPv4Address(node_ips[0]) if node_ips else None
    if cluster_cidr is not None:
        cluster_cidr = str(ipaddress.IPv4Network(cluster_cidr, strict=False))

    svc_ports: list[tuple[str, int, ServicePortInfo]] = []
    for svc in reader.list("Service"):
        meta = svc.get("metadata") or {}
        key = f"{meta.get('namespace', '')}/{meta.get('name', '')}"
        for i, info in enumerate(service_port_infos(svc)):
            svc_ports.append((key, i, info))
    svc_ports.sort(key=lambda t: (t[0], t[1]))
    endpoints_map = endpoints_by_service_port(reader.list("EndpointSlice"), node_name)

    b = _Buffers()
    b.filter_chains += [
        c.KUBE_SERVICES,
        c.KUBE_EXTERNAL_SERVICES,
        c.KUBE_FORWARD,
        c.KUBE_NODEPORTS,
        c.KUBE_PROXY_FIREWALL,
    ]
    b.nat_chains += [c.KUBE_SERVICES, c.KUBE_NODEPORTS, c.KUBE_POSTROUTING, c.KUBE_MARK_MASQ]

    # The kubernetes-specific postrouting and mark chains (a whole chain each, so the mark can
    # change without hunting rules down).
    b.nat(c.KUBE_POSTROUTING, "-m", "mark", "!", "--mark", f"{mark}/{mark}", "-j", "RETURN")
    # Clear the mark so a packet re-traversing the stack is not masqueraded twice.
    b.nat(c.KUBE_POSTROUTING, "-j", "MARK", "--xor-mark", mark)
    masq = ["-m", "comment", "--comment", "kubernetes service traffic requiring SNAT"]
    masq += ["-j", "MASQUERADE"] + (["--random-fully"] if random_fully else [])
    b.nat(c.KUBE_POSTROUTING, *masq)
    b.nat(c.KUBE_MARK_MASQ, "-j", "MARK", "--or-mark", mark)

    if localhost_nodeports:
        # route_localnet opens a hole (https://issue.k8s.io/90259); this copy of kubelet's
        # anti-martian rule closes it.
        b.filter_chains.append(c.KUBE_FIREWALL)
        b.filter(
            c.KUBE_FIREWALL,
            *("-m", "comment", "--comment", "block incoming localnet connections"),
            *("-d", "127.0.0.0/8", "!", "-s", "127.0.0.0/8"),
            *("-m", "conntrack", "!", "--ctstate", "RELATED,ESTABLISHED,DNAT", "-j", "DROP"),
        )

    total_endpoints = sum(len(endpoints_map.get(info.name, ())) for _, _, info in svc_ports)
    large_cluster_mode = total_endpoints > c.LARGE_CLUSTER_ENDPOINTS_THRESHOLD

    def service_comment(args: list[str], comment: str) -> list[str]:
        # Large clusters drop these comments: up to 40% of the payload (appendServiceCommentLocked).
        return args if large_cluster_mode else args + ["-m", "comment", "--comment", comment]

    for _, _, svc_info in svc_ports:
        _write_service_port(
            b,
            svc_info,
            endpoints_map.get(svc_info.name, []),
            node_ip=node_ip,
            cluster_cidr=cluster_cidr,
            masquerade_all=masquerade_all,
            localhost_nodeports=localhost_nodeports,
            nfacct_counters=nfacct_counters,
            service_comment=service_comment,
        )

    # Finally, the tail call to KUBE-NODEPORTS; it must come after every service portal rule.
    destinations = ["-m", "addrtype", "--dst-type", "LOCAL"]
    if not localhost_nodeports:
        destinations += ["!", "-d", "127.0.0.0/8"]
    b.nat(
        c.KUBE_SERVICES,
        *("-m", "comment", "--comment", NODEPORTS_LAST_RULE_COMMENT),
        *destinations,
        *("-j", c.KUBE_NODEPORTS),
    )

    # Drop INVALID packets, which could otherwise reset connections (issues 74839, 117924).
    if not conntrack_tcp_be_liberal:
        rule = ["-m", "conntrack", "--ctstate", "INVALID"]
        if nfacct_counters:
            rule += [
                "-m",
                "nfacct",
                "--nfacct-name",
                IPTABLES_CT_STATE_INVALID_DROPPED_NFACCT_COUNTER,
            ]
        b.filter(c.KUBE_FORWARD, *rule, "-j", "DROP")
    # Forward what we marked for masquerade even if the FORWARD policy is DROP.
    b.filter(
        c.KUBE_FORWARD,
        *("-m", "comment", "--comment", "kubernetes forwarding rules"),
        *("-m", "mark", "--mark", f"{mark}/{mark}", "-j", "ACCEPT"),
    )
    b.filter(
        c.KUBE_FORWARD,
        *("-m", "comment", "--comment", "kubernetes forwarding conntrack rule"),
        *("-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT"),
    )

    tables = {
        c.TABLE_FILTER: _table(
            c.TABLE_FILTER, b.filter_chains, b.filter_rules, localhost_nodeports
        ),
        c.TABLE_NAT: _table(c.TABLE_NAT, b.nat_chains, b.nat_rules, localhost_nodeports),
        c.TABLE_MANGLE: _table(c.TABLE_MANGLE, [], [], localhost_nodeports),
    }
    return Ruleset(
        node_name=node_name,
        node_ips=node_ips,
        cluster_cidr=cluster_cidr,
        tables=tables,
        large_cluster_mode=large_cluster_mode,
    )


def _write_service_port(
    b: _Buffers,
    svc_info: ServicePortInfo,
    all_endpoints: list[EndpointInfo],
    *,
    node_ip: ipaddress.IPv4Address | None,
    cluster_cidr: str | None,
    masquerade_all: bool,
    localhost_nodeports: bool,
    nfacct_counters: bool,
    service_comment,
) -> None:
    """All rules of one service port, in the order ``syncProxyRules`` writes them."""
    protocol = svc_info.protocol
    name = svc_info.name_string
    proto_args = ("-m", protocol, "-p", protocol)
    cat = categorize_endpoints(all_endpoints, svc_info)
    has_endpoints = cat.has_any_endpoints

    cluster_policy_chain = svc_info.cluster_policy_chain_name
    uses_cluster_policy_chain = bool(cat.cluster) and svc_info.uses_cluster_endpoints()
    local_policy_chain = svc_info.local_policy_chain_name
    uses_local_policy_chain = bool(cat.local) and svc_info.uses_local_endpoints()

    internal_traffic_chain = cluster_policy_chain
    has_internal_endpoints = has_endpoints
    if svc_info.internal_policy_local:
        internal_traffic_chain = local_policy_chain
        if not cat.local:
            has_internal_endpoints = False

    external_policy_chain = cluster_policy_chain
    has_external_endpoints = has_endpoints
    if svc_info.external_policy_local:
        external_policy_chain = local_policy_chain
        if not cat.local:
            has_external_endpoints = False
    external_traffic_chain = svc_info.external_chain_name  # eventually jumps to the policy chain

    # Based on has_endpoints, not has_external_endpoints: the short-circuit rules for local
    # traffic are needed even when no endpoint can take external traffic.
    uses_external_traffic_chain = has_endpoints and svc_info.externally_accessible()

    load_balancer_traffic_chain = external_traffic_chain
    fw_chain = svc_info.firewall_chain_name
    uses_fw_chain = (
        has_endpoints
        and bool(svc_info.load_balancer_vips)
        and bool(svc_info.load_balancer_source_ranges)
    )
    if uses_fw_chain:
        load_balancer_traffic_chain = fw_chain

    internal_filter_target = internal_filter_comment = ""
    external_filter_target = external_filter_comment = ""
    if not has_endpoints:
        # No usable endpoint anywhere: no nat chains at all, only filter REJECTs.
        internal_filter_target = external_filter_target = "REJECT"
        internal_filter_comment = external_filter_comment = f"{name} has no endpoints"
    else:
        if not has_internal_endpoints:
            # iTP=Local without local endpoints: ClusterIP traffic is dropped here.
            internal_filter_target = "DROP"
            internal_filter_comment = f"{name} has no local endpoints"
        if not has_external_endpoints:
            # eTP=Local without local endpoints: external traffic that was not short-circuited
            # by the EXT chain is dropped.
            external_filter_target = "DROP"
            external_filter_comment = f"{name} has no local endpoints"

    cip, port = svc_info.cluster_ip, str(svc_info.port)

    # Capture the clusterIP.
    if has_internal_endpoints:
        b.nat(
            c.KUBE_SERVICES,
            *("-m", "comment", "--comment", f"{name} cluster IP"),
            *proto_args,
            *("-d", cip, "--dport", port, "-j", internal_traffic_chain),
        )
    else:
        b.filter(
            c.KUBE_SERVICES,
            *("-m", "comment", "--comment", internal_filter_comment),
            *proto_args,
            *("-d", cip, "--dport", port, "-j", internal_filter_target),
        )

    # Capture externalIPs.
    for external_ip in svc_info.external_ips:
        if has_endpoints:
            b.nat(
                c.KUBE_SERVICES,
                *("-m", "comment", "--comment", f"{name} external IP"),
                *proto_args,
                *("-d", external_ip, "--dport", port, "-j", external_traffic_chain),
            )
        if not has_external_endpoints:
            b.filter(
                c.KUBE_EXTERNAL_SERVICES,
                *("-m", "comment", "--comment", external_filter_comment),
                *proto_args,
                *("-d", external_ip, "--dport", port, "-j", external_filter_target),
            )

    # Capture load-balancer ingress.
    for lbip in svc_info.load_balancer_vips:
        if has_endpoints:
            b.nat(
                c.KUBE_SERVICES,
                *("-m", "comment", "--comment", f"{name} loadbalancer IP"),
                *proto_args,
                *("-d", lbip, "--dport", port, "-j", load_balancer_traffic_chain),
            )
        if uses_fw_chain:
            b.filter(
                c.KUBE_PROXY_FIREWALL,
                *("-m", "comment", "--comment", f"{name} traffic not accepted by {fw_chain}"),
                *proto_args,
                *("-d", lbip, "--dport", port, "-j", "DROP"),
            )
    if not has_external_endpoints:
        for lbip in svc_info.load_balancer_vips:
            b.filter(
                c.KUBE_EXTERNAL_SERVICES,
                *("-m", "comment", "--comment", external_filter_comment),
                *proto_args,
                *("-d", lbip, "--dport", port, "-j", external_filter_target),
            )

    # Capture nodeports. NodePorts bypass loadBalancerSourceRanges, and that cannot change.
    if svc_info.node_port != 0:
        node_port = str(svc_info.node_port)
        if has_endpoints:
            if localhost_nodeports and nfacct_counters:
                b.nat(
                    c.KUBE_NODEPORTS,
                    *("-m", "comment", "--comment", name),
                    *proto_args,
                    *("-d", "127.0.0.0/8", "--dport", node_port),
                    *("-m", "nfacct", "--nfacct-name", LOCALHOST_NODEPORT_ACCEPTED_NFACCT_COUNTER),
                    *("-j", external_traffic_chain),
                )
            b.nat(
                c.KUBE_NODEPORTS,
                *("-m", "comment", "--comment", name),
                *proto_args,
                *("--dport", node_port, "-j", external_traffic_chain),
            )
        if not has_external_endpoints:
            b.filter(
                c.KUBE_EXTERNAL_SERVICES,
                *("-m", "comment", "--comment", external_filter_comment),
                *("-m", "addrtype", "--dst-type", "LOCAL"),
                *proto_args,
                *("--dport", node_port, "-j", external_filter_target),
            )

    # Capture healthCheckNodePorts, with or without local endpoints.
    if svc_info.health_check_node_port != 0:
        b.filter(
            c.KUBE_NODEPORTS,
            *("-m", "comment", "--comment", f"{name} health check node port"),
            *("-m", "tcp", "-p", "tcp"),
            *("--dport", str(svc_info.health_check_node_port), "-j", "ACCEPT"),
        )

    # Internal traffic: masquerade off-cluster sources (a static route to the Service range
    # through any node may bounce off-node).
    if has_internal_endpoints:
        args = ["-m", "comment", "--comment", f"{name} cluster IP", *proto_args]
        args += ["-d", cip, "--dport", port]
        if masquerade_all:
            b.nat(internal_traffic_chain, *args, "-j", c.KUBE_MARK_MASQ)
        elif cluster_cidr is not None:
            b.nat(internal_traffic_chain, *args, "!", "-s", cluster_cidr, "-j", c.KUBE_MARK_MASQ)

    # External traffic: every external destination jumps to the EXT chain.
    if uses_external_traffic_chain:
        b.nat_chains.append(external_traffic_chain)
        if not svc_info.external_policy_local:
            # Endpoints may be on other nodes: masquerade so replies come back through us.
            b.nat(
                external_traffic_chain,
                *("-m", "comment", "--comment", f"masquerade traffic for {name} external destinations"),
                *("-j", c.KUBE_MARK_MASQ),
            )  # fmt: skip
        else:
            if cluster_cidr is not None:
                # Pod -> external destination acts as if it went out to the LB and back in:
                # subject to neither traffic policy.
                b.nat(
                    external_traffic_chain,
                    *("-m", "comment", "--comment", f"pod traffic for {name} external destinations"),
                    *("-s", cluster_cidr, "-j", cluster_policy_chain),
                )  # fmt: skip
            # Host-originated traffic takes the node (or LB) IP as source: masquerade it ...
            b.nat(
                external_traffic_chain,
                *("-m", "comment", "--comment", f"masquerade LOCAL traffic for {name} external destinations"),
                *("-m", "addrtype", "--src-type", "LOCAL", "-j", c.KUBE_MARK_MASQ),
            )  # fmt: skip
            # ... and send it to all endpoints.
            b.nat(
                external_traffic_chain,
                *("-m", "comment", "--comment", f"route LOCAL traffic for {name} external destinations"),
                *("-m", "addrtype", "--src-type", "LOCAL", "-j", cluster_policy_chain),
            )  # fmt: skip
        # Anything else falls through to the policy chain (if it has endpoints; otherwise it
        # leaves un-DNATed and the filter rules drop it).
        if has_external_endpoints:
            b.nat(external_traffic_chain, "-j", external_policy_chain)

    # The LB source-range allow list.
    if uses_fw_chain:
        b.nat_chains.append(fw_chain)
        fw_args = ("-m", "comment", "--comment", f"{name} loadbalancer IP")
        allow_from_node = False
        for cidr in svc_info.load_balancer_source_ranges:
            b.nat(fw_chain, *fw_args, "-s", cidr, "-j", external_traffic_chain)
            if node_ip is not None and node_ip in ipaddress.IPv4Network(cidr):
                allow_from_node = True
        # A VIP-like LB is often a local address too: node -> VIP loops back with the VIP as
        # source, so allow that when the node itself is allowed.
        if allow_from_node:
            for lbip in svc_info.load_balancer_vips:
                b.nat(fw_chain, *fw_args, "-s", lbip, "-j", external_traffic_chain)
        # Whatever reaches the end was not DNATed; KUBE-PROXY-FIREWALL drops it in filter.
        b.nat(
            fw_chain,
            *("-m", "comment", "--comment"),
            f"other traffic to {name} will be dropped by KUBE-PROXY-FIREWALL",
        )

    if uses_cluster_policy_chain:
        b.nat_chains.append(cluster_policy_chain)
        _write_service_to_endpoint_rules(
            b, name, svc_info, cluster_policy_chain, cat.cluster, service_comment
        )
    if uses_local_policy_chain:
        b.nat_chains.append(local_policy_chain)
        _write_service_to_endpoint_rules(
            b, name, svc_info, local_policy_chain, cat.local, service_comment
        )

    # The per-endpoint chains.
    for ep in cat.all_reachable:
        b.nat_chains.append(ep.chain_name)
        args = service_comment([], name)
        # Hairpin: a pod reaching itself through the Service must be SNATed.
        b.nat(ep.chain_name, *args, "-s", ep.ip, "-j", c.KUBE_MARK_MASQ)
        if svc_info.session_affinity_client_ip:
            args = args + ["-m", "recent", "--name", ep.chain_name, "--set"]
        b.nat(ep.chain_name, *args, *proto_args, "-j", "DNAT", "--to-destination", str(ep))


def _write_service_to_endpoint_rules(
    b: _Buffers,
    name: str,
    svc_info: ServicePortInfo,
    svc_chain: str,
    endpoints: tuple[EndpointInfo, ...],
    service_comment,
) -> None:
    """Affinity rules, then the probability ladder (proxier.go ``writeServiceToEndpointRules``).

    Rule i (of n) matches with probability 1/(n-i), so each endpoint gets 1/n overall; the last
    rule is unconditional.
    """
    if svc_info.session_affinity_client_ip:
        for ep in endpoints:
            args = service_comment([], f"{name} -> {ep}")
            args += ["-m", "recent", "--name", ep.chain_name, "--rcheck"]
            args += ["--seconds", str(svc_info.sticky_max_age_seconds), "--reap"]
            b.nat(svc_chain, *args, "-j", ep.chain_name)
    n = len(endpoints)
    for i, ep in enumerate(endpoints):
        args = service_comment([], f"{name} -> {ep}")
        if i < n - 1:
            args += ["-m", "statistic", "--mode", "random", "--probability", _probability(n - i)]
        b.nat(svc_chain, *args, "-j", ep.chain_name)


@lru_cache(maxsize=1024)
def _probability(n: int) -> str:
    # Memoised like proxier.precomputedProbabilities: formatting floats is the slow part.
    return compute_probability(n)


def _table(
    name: str, chain_names: list[str], rules: list[Rule], localhost_nodeports: bool
) -> Table:
    """Assemble a table: kube-proxy's chains plus the builtin chains with their jump rules."""
    by_chain: dict[str, list[Rule]] = {ch: [] for ch in chain_names}
    for r in rules:
        by_chain.setdefault(r.chain, []).append(r)
    chains: dict[str, Chain] = {
        ch: Chain(ch, "ACCEPT", tuple(_builtin_jumps(name, ch, localhost_nodeports)))
        for ch in c.BUILTIN_CHAINS[name]
    }
    for ch, rs in by_chain.items():
        chains[ch] = Chain(ch, None, tuple(rs))
    # ipt.Monitor's canary lives outside the payload, in mangle, nat and filter.
    chains[c.KUBE_PROXY_CANARY] = Chain(c.KUBE_PROXY_CANARY, None, ())
    return Table(name, chains, tuple(chain_names), tuple(rules))


def _builtin_jumps(table: str, chain: str, localhost_nodeports: bool) -> list[Rule]:
    """Jump rules in a builtin chain on a fresh node.

    kubelet starts first and inserts its ``-j KUBE-FIREWALL`` (INPUT, OUTPUT); kube-proxy then
    prepends each of ``iptablesJumpChains`` in turn, so the last one inserted comes first.
    """
    rules: list[Rule] = []
    if table == c.TABLE_FILTER and chain in (c.INPUT, c.OUTPUT) and localhost_nodeports:
        rules.append(make_rule(table, chain, "-j", c.KUBE_FIREWALL))
    for jt, dst, src, comment, extra in IPTABLES_JUMP_CHAINS:
        if jt == table and src == chain:
            rules.insert(
                0, make_rule(table, chain, *extra, "-m", "comment", "--comment", comment, "-j", dst)
            )
    return rules

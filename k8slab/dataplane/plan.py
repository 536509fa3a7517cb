"""What to build for a Cluster: namespaces, links, addresses and routes (no side effects).

The topology is a plain layer-3 CNI, like kind's kindnet (ptp plugin), so that every packet
between a pod and its node is *routed* and crosses the netfilter hooks kube-proxy's rules sit
on (no bridge, so no ``br_netfilter`` is needed)::

    k8sXXXXXX-fabric   br0: the "node network" (kind's docker bridge), ports fn1, fn2, …, fext
    k8sXXXXXX-ext      eth0 172.18.0.1/16: a client outside the cluster (the kind host)
    k8sXXXXXX-NODE     eth0 = the node's InternalIP/16 on br0; lo with 127.0.0.1
                       vethN (one per pod): the podCIDR's .1/32, route podIP/32 dev vethN
                       route other podCIDRs via their node's IP; unreachable for the rest of
                       the cluster CIDR (curl: "No route to host"); default via 172.18.0.1
    k8sXXXXXX-pN       eth0 = podIP/24 (no prefix route), default via the podCIDR's .1

The external client's default route leads into a dead end inside its own namespace (a veth
pair, a gateway MAC nobody owns), where packets vanish: a
ClusterIP asked from outside times out, as on a real host, and nothing leaves the namespaces.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field

from k8slab import bootstrap
from k8slab.net import EXTERNAL_CLIENT_IP

NODE_NETWORK_PREFIX = 16  # kind's docker network is a /16 (172.18.0.0/16)
VOID_GATEWAY = "192.0.2.2"  # TEST-NET-1: the external client's dead-end default gateway
_RESERVED_ROLE = re.compile(r"^(fabric|ext|p\d+)$")


@dataclass(frozen=True)
class PodPlan:
    ref: str  # "NS/NAME"
    netns: str
    node: str
    ip: str
    gateway: str
    node_veth: str  # the pod's veth, node side (inside the node's namespace)
    pod: dict = field(compare=False, repr=False)


@dataclass(frozen=True)
class NodePlan:
    name: str
    netns: str
    ip: str
    pod_cidr: str
    gateway: str  # the podCIDR's .1, on every pod veth (node side)
    fabric_port: str  # the node's veth, bridge side (inside the fabric namespace)


@dataclass(frozen=True)
class Plan:
    prefix: str
    fabric: str
    external: str
    nodes: tuple[NodePlan, ...]
    pods: tuple[PodPlan, ...]
    host_network_pods: tuple[tuple[str, str], ...]  # (pod ref, node name)

    @property
    def namespaces(self) -> list[str]:
        return [self.fabric, self.external, *(n.netns for n in self.nodes)] + [
            p.netns for p in self.pods
        ]

    def node(self, name: str) -> NodePlan:
        for n in self.nodes:
            if n.name == name:
                return n
        raise KeyError(name)

    def pod(self, ref: str) -> PodPlan | None:
        for p in self.pods:
            if p.ref == ref:
                return p
        return None

    def to_dict(self) -> dict:
        return {
            "prefix": self.prefix,
            "fabric": self.fabric,
            "external": self.external,
            "nodes": {
                n.name: {"netns": n.netns, "ip": n.ip, "pod_cidr": n.pod_cidr} for n in self.nodes
            },
            "pods": {p.ref: {"netns": p.netns, "ip": p.ip, "node": p.node} for p in self.pods},
            "host_network_pods": dict(self.host_network_pods),
        }

    @classmethod
    def from_dict(cls, data: dict) -> Plan:
        """The plan a run recorded (pods without their manifests: enough to send traffic)."""
        nodes = tuple(
            NodePlan(name, n["netns"], n["ip"], n.get("pod_cidr", ""), "", "")
            for name, n in data["nodes"].items()
        )
        pods = tuple(
            PodPlan(ref, p["netns"], p["node"], p["ip"], "", "", {})
            for ref, p in data["pods"].items()
        )
        return cls(
            data["prefix"],
            data["fabric"],
            data["external"],
            nodes,
            pods,
            tuple(data.get("host_network_pods", {}).items()),
        )


def _node_ip(node: dict) -> str:
    for a in node["status"]["addresses"]:
        if a["type"] == "InternalIP":
            return a["address"]
    raise ValueError(f"node {node['metadata']['name']} has no InternalIP")


def plan_cluster(lab, prefix: str) -> Plan:
    """The namespaces and addresses that materialise ``lab`` (nodes in name order, pods in
    (node, namespace, name) order)."""
    nodes = []
    for i, node in enumerate(sorted(lab.api.list("Node"), key=lambda n: n["metadata"]["name"])):
        name = node["metadata"]["name"]
        cidr = ipaddress.ip_network(node["spec"]["podCIDR"])
        role = f"n{i + 1}" if _RESERVED_ROLE.match(name) else name
        nodes.append(
            NodePlan(
                name=name,
                netns=f"{prefix}-{role}",
                ip=_node_ip(node),
                pod_cidr=str(cidr),
                gateway=str(cidr.network_address + 1),
                fabric_port=f"fn{i + 1}",
            )
        )
    known = {n.name for n in nodes}
    pods, host = [], []
    running = [
        p
        for p in lab.api.list("Pod")
        if (p.get("status") or {}).get("phase") == "Running" and p["spec"].get("nodeName") in known
    ]
    running.sort(
        key=lambda p: (p["spec"]["nodeName"], p["metadata"]["namespace"], p["metadata"]["name"])
    )
    per_node: dict[str, int] = {}
    for p in running:
        ref = f"{p['metadata']['namespace']}/{p['metadata']['name']}"
        node = next(n for n in nodes if n.name == p["spec"]["nodeName"])
        if p["spec"].get("hostNetwork"):
            host.append((ref, node.name))
            continue
        ip = p["status"].get("podIP")
        if not ip:
            continue
        k = per_node.get(node.name, 0) + 1
        per_node[node.name] = k
        pods.append(
            PodPlan(
                ref=ref,
                netns=f"{prefix}-p{len(pods) + 1}",
                node=node.name,
                ip=ip,
                gateway=node.gateway,
                node_veth=f"veth{k}",
                pod=p,
            )
        )
    return Plan(
        prefix=prefix,
        fabric=f"{prefix}-fabric",
        external=f"{prefix}-ext",
        nodes=tuple(nodes),
        pods=tuple(pods),
        host_network_pods=tuple(host),
    )


# ------------------------------------------------------------------------ ip commands
def fabric_commands(plan: Plan) -> list[str]:
    """The node network: a bridge with one veth per node and one for the external client."""
    cmds = ["link set lo up", "link add br0 type bridge", "link set br0 up"]
    for n in plan.nodes:
        cmds += [
            f"link add {n.fabric_port} type veth peer name eth0 netns {n.netns}",
            f"link set {n.fabric_port} master br0 up",
        ]
    cmds += [
        f"link add fext type veth peer name eth0 netns {plan.external}",
        "link set fext master br0 up",
    ]
    return cmds


def external_commands(plan: Plan) -> list[str]:
    return [
        "link set lo up",
        f"addr add {EXTERNAL_CLIENT_IP}/{NODE_NETWORK_PREFIX} dev eth0",
        "link set eth0 up",
        # A dead end for everything else (dummy interfaces need a module that may be absent):
        # a veth pair inside this namespace and a gateway whose MAC nobody owns.
        "link add void0 type veth peer name void1",
        "link set void1 up",
        "addr add 192.0.2.1/30 dev void0",
        "link set void0 up",
        f"neigh add {VOID_GATEWAY} lladdr 02:00:00:00:00:02 dev void0 nud permanent",
        f"route add default via {VOID_GATEWAY} dev void0",
    ]


def node_commands(plan: Plan, node: NodePlan) -> list[str]:
    """Run in the node's namespace; the pods' namespaces must exist (their eth0 is made here)."""
    cmds = [
        "link set lo up",
        f"addr add {node.ip}/{NODE_NETWORK_PREFIX} dev eth0",
        "link set eth0 up",
    ]
    for p in plan.pods:
        if p.node != node.name:
            continue
        cmds += [
            f"link add {p.node_veth} type veth peer name eth0 netns {p.netns}",
            f"addr add {node.gateway}/32 dev {p.node_veth}",
            f"link set {p.node_veth} up",
            f"route add {p.ip}/32 dev {p.node_veth} scope link",
        ]
    for other in plan.nodes:
        if other.name != node.name:
            cmds.append(f"route add {other.pod_cidr} via {other.ip} dev eth0")
    cmds += [
        f"route add unreachable {node.pod_cidr}",
        f"route add unreachable {bootstrap.POD_CIDR}",
        f"route add default via {EXTERNAL_CLIENT_IP} dev eth0",
    ]
    return cmds


def pod_commands(pod: PodPlan) -> list[str]:
    return [
        "link set lo up",
        f"addr add {pod.ip}/24 dev eth0 noprefixroute",
        "link set eth0 up",
        f"route add {pod.gateway} dev eth0 scope link",
        f"route add default via {pod.gateway} dev eth0",
    ]


# Before any link exists, so each new interface inherits "default".
NODE_SYSCTLS = {
    "net.ipv4.ip_forward": "1",
    # kube-proxy sets it: 127.0.0.1:NodePort is DNATed to a pod, routed off the loopback.
    "net.ipv4.conf.all.route_localnet": "1",
    "net.ipv4.conf.default.route_localnet": "1",
    "net.ipv4.conf.all.rp_filter": "0",
    "net.ipv4.conf.default.rp_filter": "0",
    # kube-proxy's REJECT answers with ICMP port-unreachable, which the kernel rate-limits
    # per peer (1 s after a short burst): a burst of requests to a Service without endpoints
    # would see "timed out" instead of "refused". One curl at a time never hits the limit.
    "net.ipv4.icmp_ratelimit": "0",
}
OTHER_SYSCTLS = {
    "net.ipv4.conf.all.rp_filter": "0",
    "net.ipv4.conf.default.rp_filter": "0",
}

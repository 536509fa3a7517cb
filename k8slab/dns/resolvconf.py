"""The ``/etc/resolv.conf`` kubelet writes into each pod, per ``dnsPolicy``.

Source: kubernetes/kubernetes ``pkg/kubelet/network/dns/dns.go`` (``GetPodDNS``,
``generateSearchesForDNSClusterFirst``: ``<ns>.svc.<domain> svc.<domain> <domain>`` followed by
the host's search domains; ``options ndots:5``; ``dnsPolicy: Default`` inherits the node's
resolv.conf; ``None`` uses ``dnsConfig`` only; ``ClusterFirstWithHostNet`` for hostNetwork pods)
and the "DNS for Services and Pods" page on kubernetes.io (Pod's DNS Policy, Pod's DNS Config).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# What kind's nodes carry in /etc/resolv.conf (Docker's embedded DNS on the kind network).
NODE_RESOLV = "nameserver 172.18.0.1\noptions ndots:0\n"
NODE_NAMESERVERS = ("172.18.0.1",)


@dataclass(frozen=True)
class ResolvConf:
    nameservers: tuple[str, ...]
    searches: tuple[str, ...] = ()
    options: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ndots(self) -> int:
        for o in self.options:
            if o.startswith("ndots:"):
                try:
                    return min(int(o.split(":", 1)[1]), 15)
                except ValueError:
                    return 1
        return 1

    def text(self) -> str:
        lines = []
        if self.searches:
            lines.append("search " + " ".join(self.searches))
        lines += [f"nameserver {ns}" for ns in self.nameservers]
        if self.options:
            lines.append("options " + " ".join(self.options))
        return "\n".join(lines) + "\n"


def pod_resolv_conf(pod: dict, *, dns_ip: str, domain: str) -> ResolvConf:
    spec = pod.get("spec") or {}
    policy = spec.get("dnsPolicy", "ClusterFirst")
    host_net = bool(spec.get("hostNetwork"))
    cfg = spec.get("dnsConfig") or {}
    if policy == "ClusterFirst" and host_net:
        policy = "Default"  # kubelet: ClusterFirst with hostNetwork falls back to Default
    if policy == "ClusterFirstWithHostNet":
        policy = "ClusterFirst"
    if policy == "None":
        base = ResolvConf((), (), ())
    elif policy == "Default":
        base = ResolvConf(NODE_NAMESERVERS, (), ("ndots:0",))
    else:
        ns = pod["metadata"].get("namespace", "default")
        base = ResolvConf((dns_ip,), (f"{ns}.svc.{domain}", f"svc.{domain}", domain), ("ndots:5",))
    nameservers = list(base.nameservers) + [
        n for n in cfg.get("nameservers") or [] if n not in base.nameservers
    ]
    searches = list(base.searches) + [
        s for s in cfg.get("searches") or [] if s not in base.searches
    ]
    opts: dict[str, str | None] = {}
    for o in base.options:
        k, _, v = o.partition(":")
        opts[k] = v or None
    for o in cfg.get("options") or []:
        opts[o.get("name")] = o.get("value")
    options = tuple(f"{k}:{v}" if v is not None else k for k, v in opts.items())
    return ResolvConf(tuple(nameservers[:3]), tuple(searches[:32]), options)

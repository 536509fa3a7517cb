"""``trace_packet``: walk one new connection's first packet through a node's ``Ruleset``.

The walk evaluates the very ``Rule`` objects ``iptables_save`` renders, along the kernel's
path for a new connection:

1. nat ``PREROUTING`` (packets arriving from outside or from a pod on this node) or nat
   ``OUTPUT`` (a process on the node itself), which jump to KUBE-SERVICES; the first DNAT ends
   nat processing;
2. routing on the (possibly DNATed) destination: a local address (a node IP or 127.0.0.0/8)
   goes to filter ``INPUT``, anything else to filter ``FORWARD``; locally generated packets go
   through filter ``OUTPUT``; filter sees the post-DNAT destination, so its REJECT/DROP rules for
   service IPs only catch traffic nothing DNATed;
3. nat ``POSTROUTING`` (unless delivered locally): KUBE-POSTROUTING masquerades packets that
   carry the masquerade mark.

``-m statistic`` draws from the ``rng`` passed in (the cluster's seeded ``random.Random``);
``-m recent`` reads and writes ``affinity_state`` (kept by the caller, so ClientIP affinity
persists between requests); ``-m conntrack`` sees state NEW (plus DNAT once translated);
``-m mark`` sees the packet's mark; ``-m addrtype LOCAL`` is the node's IPs and 127.0.0.0/8.

``explore=True`` mimics upstream's test tracer (kubernetes/kubernetes
``pkg/proxy/iptables/proxier_test.go`` ``iptablesTracer``/``tracePacket`` @ 531be81): every
``statistic`` branch is followed (so all reachable endpoints are reported, in order) and
``--rcheck`` never matches.

Big chains (10,000 Services make a 10,000-rule KUBE-SERVICES) are not scanned rule by rule:
each is indexed once by (destination /32, protocol, port) and only candidate rules are tested,
in chain order. ``rules_evaluated`` still counts every rule the kernel would have walked past.
"""

from __future__ import annotations

import random
from collections.abc import MutableMapping
from dataclasses import dataclass

from . import chains as c
from .rules import Rule, ip_int
from .ruleset import Chain, Ruleset

AffinityState = MutableMapping[str, dict[str, float]]
"""``-m recent`` lists: list name (the SEP chain) → source IP → time last seen (seconds)."""

HOOKS = ("PREROUTING", "OUTPUT")
_LOOPBACK = (ip_int("127.0.0.0"), 0xFF000000)
_INDEX_MIN_RULES = 16
_TERMINAL_FILTER = frozenset({"ACCEPT", "DROP", "REJECT"})


@dataclass(frozen=True)
class RuleHit:
    """One matched rule: where it lives and its ``iptables-save`` line."""

    node: str
    table: str
    chain: str
    raw: str

    def __str__(self) -> str:
        return f"{self.node} {self.table} {self.chain}: {self.raw}"


@dataclass(frozen=True)
class TraceResult:
    """What happened to the packet.

    - ``matches``: every rule that matched, in order (jumps, marks, the DNAT, filter verdicts).
    - ``verdict``: ``"DNAT"`` (translated and let through), ``"ACCEPT"`` (let through unchanged,
      explicitly or by chain policy), ``"REJECT"`` or ``"DROP"``.
    - ``dnat``: the ``ip:port`` chosen by DNAT, or None.
    - ``outputs``: upstream's tracer output list: DNAT targets (several with ``explore``) and/or
      a filter ``ACCEPT``/``DROP``/``REJECT``; ``output`` joins them with ``", "``.
    - ``masquerade_marked``: KUBE-MARK-MASQ ran; ``masqueraded``: KUBE-POSTROUTING applied
      MASQUERADE (the packet left with the node's address as source).
    - ``rules_evaluated``: how many rules the kernel would have compared the packet against.
    - ``dst_ip``/``dst_port``: the destination after DNAT (the original one if none).
    """

    node: str
    hook: str
    matches: tuple[RuleHit, ...]
    verdict: str
    dnat: str | None
    outputs: tuple[str, ...]
    masquerade_marked: bool
    masqueraded: bool
    rules_evaluated: int
    dst_ip: str
    dst_port: int

    @property
    def output(self) -> str:
        return ", ".join(self.outputs)

    def __str__(self) -> str:
        lines = [str(m) for m in self.matches]
        lines.append(f"=> {self.verdict}{' ' + self.dnat if self.dnat else ''}")
        return "\n".join(lines)


@dataclass
class _Packet:
    src: int
    src_ip: str
    dst: int
    dst_ip: str
    dport: int
    proto: str
    mark: int = 0
    dnat: bool = False


class _ChainIndex:
    """Candidate rule positions of one big chain, keyed by (dst /32 or None, proto, port)."""

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.by_key: dict[tuple[int | None, str, int], list[int]] = {}
        self.unindexed: list[int] = []
        for i, r in enumerate(rules):
            if (
                r.protocol is not None
                and not r.protocol_negated
                and r.dport is not None
                and not r.dport_negated
                and (r.dst is None or not r.dst.negated)
            ):
                dst = r.dst.network if r.dst is not None and r.dst.prefixlen == 32 else None
                self.by_key.setdefault((dst, r.protocol, r.dport), []).append(i)
            else:
                self.unindexed.append(i)

    def candidates(self, pkt: _Packet) -> list[int]:
        a = self.by_key.get((pkt.dst, pkt.proto, pkt.dport), ())
        b = self.by_key.get((None, pkt.proto, pkt.dport), ())
        if not a and not b:
            return self.unindexed
        return sorted([*a, *b, *self.unindexed])


class _Walker:
    def __init__(
        self,
        ruleset: Ruleset,
        rng: random.Random | None,
        affinity_state: AffinityState | None,
        now: float,
        explore: bool,
    ) -> None:
        self.rs = ruleset
        self.rng = rng
        self.affinity = affinity_state if affinity_state is not None else {}
        self.now = now
        self.explore = explore
        self.local = {ip_int(ip) for ip in ruleset.node_ips}
        self.matches: list[RuleHit] = []
        self.outputs: list[str] = []
        self.evaluated = 0
        self.marked = False
        self.dnat_to: str | None = None
        self.indexes = ruleset._cache.setdefault("walk_indexes", {})

    def is_local(self, ip: int) -> bool:
        return ip in self.local or (ip & _LOOPBACK[1]) == _LOOPBACK[0]

    def matches_rule(self, r: Rule, pkt: _Packet, table: str) -> bool:
        if r.src is not None and not r.src.matches(pkt.src):
            return False
        if r.dst is not None and not r.dst.matches(pkt.dst):
            return False
        if r.protocol is not None and (r.protocol == pkt.proto) == r.protocol_negated:
            return False
        if r.dport is not None and (r.dport == pkt.dport) == r.dport_negated:
            return False
        if (
            r.src_type is not None
            and (self.is_local(pkt.src) == (r.src_type[0] == "LOCAL")) == r.src_type[1]
        ):
            return False
        if (
            r.dst_type is not None
            and (self.is_local(pkt.dst) == (r.dst_type[0] == "LOCAL")) == r.dst_type[1]
        ):
            return False
        if r.mark is not None:
            value, mask, negated = r.mark
            if self.explore or ((pkt.mark & mask) == value) == negated:
                return False
        if r.ctstate is not None:
            if self.explore:
                return False
            states = {"NEW", "DNAT"} if pkt.dnat else {"NEW"}
            if bool(states & r.ctstate[0]) == r.ctstate[1]:
                return False
        if r.recent is not None and r.recent.action != "set":
            if self.explore:
                return False
            seen = self.affinity.get(r.recent.name, {})
            last = seen.get(pkt.src_ip)
            ok = last is not None and (
                r.recent.seconds is None or self.now - last <= r.recent.seconds
            )
            if r.recent.reap and r.recent.seconds is not None:
                for ip in [ip for ip, t in seen.items() if self.now - t > r.recent.seconds]:
                    del seen[ip]
            if not ok:
                return False
        if r.kernel_probability is not None and not self.explore:
            rng = self.rng if self.rng is not None else random.Random(0)
            self.rng = rng
            if rng.random() >= r.kernel_probability:
                return False
        return True

    def candidates(self, table: str, chain: Chain, pkt: _Packet) -> list[int] | range:
        if len(chain.rules) < _INDEX_MIN_RULES:
            return range(len(chain.rules))
        key = (table, chain.name)
        idx = self.indexes.get(key)
        if idx is None:
            idx = self.indexes[key] = _ChainIndex(chain.rules)
        return idx.candidates(pkt)

    def run_chain(self, table: str, name: str, pkt: _Packet, depth: int = 0) -> str | None:
        """Run ``pkt`` through a chain; return the terminal target reached, or None."""
        chain = self.rs.chain(table, name)
        if chain is None or depth > 32:
            return None
        rules = chain.rules
        last = len(rules) - 1
        for i in self.candidates(table, chain, pkt):
            r = rules[i]
            if not self.matches_rule(r, pkt, table):
                continue
            self.matches.append(RuleHit(self.rs.node_name, table, name, r.raw))
            if r.recent is not None and r.recent.action == "set":
                self.affinity.setdefault(r.recent.name, {})[pkt.src_ip] = self.now
            target = r.jump
            if target is None:
                continue
            if target == c.KUBE_MARK_MASQ:
                self.marked = True
            if target == "MARK" and r.set_xmark is not None:
                value, mask = r.set_xmark
                pkt.mark = (pkt.mark & ~mask & 0xFFFFFFFF) ^ value
                continue
            if target == "RETURN":
                self.evaluated += i + 1
                return None
            if target == "DNAT":
                dest = r.to_destination or ""
                self.outputs.append(dest)
                if self.dnat_to is None:
                    self.dnat_to = dest
                self.evaluated += i + 1
                return "DNAT"
            if target in _TERMINAL_FILTER:
                # KUBE-FORWARD's ACCEPTs only say "forwarding allowed"; not a service verdict.
                if name != c.KUBE_FORWARD:
                    self.outputs.append(target)
                self.evaluated += i + 1
                return target
            if target == "MASQUERADE":
                self.evaluated += i + 1
                return "MASQUERADE"
            verdict = self.run_chain(table, target, pkt, depth + 1)
            if verdict is not None and not (self.explore and r.probability is not None):
                self.evaluated += i + 1
                return verdict
        self.evaluated += last + 1
        return None


def trace_packet(
    ruleset: Ruleset,
    *,
    src_ip: str,
    dst_ip: str,
    dst_port: int,
    protocol: str = "tcp",
    hook: str = "PREROUTING",
    rng: random.Random | None = None,
    affinity_state: AffinityState | None = None,
    now: float = 0.0,
    explore: bool = False,
) -> TraceResult:
    """Trace the first packet of a new connection through ``ruleset``'s node.

    **Parameters:**

    - ``src_ip``, ``dst_ip``, ``dst_port``, ``protocol`` (``tcp``/``udp``/``sctp``): the packet.
    - ``hook``: ``"PREROUTING"`` for packets arriving on the node (from another host, or from a
      pod on this node via its veth), ``"OUTPUT"`` for packets a process on the node sends.
    - ``rng``: the seeded ``random.Random`` for ``-m statistic`` (``Random(0)`` if omitted).
    - ``affinity_state``: the node's ``-m recent`` lists, updated in place.
    - ``now``: the clock for ``--seconds`` (same unit as the times kept in ``affinity_state``).
    - ``explore``: follow every ``statistic`` branch, like upstream's test tracer.
    """
    if hook not in HOOKS:
        raise ValueError(f"hook must be one of {HOOKS}, not {hook!r}")
    proto = protocol.lower()
    w = _Walker(ruleset, rng, affinity_state, now, explore)
    pkt = _Packet(ip_int(src_ip), src_ip, ip_int(dst_ip), dst_ip, int(dst_port), proto)

    nat_verdict = w.run_chain(c.TABLE_NAT, hook, pkt)
    if nat_verdict == "DNAT" and w.dnat_to:
        ip, _, port = w.dnat_to.rpartition(":")
        pkt.dst_ip, pkt.dst, pkt.dport, pkt.dnat = ip, ip_int(ip), int(port), True

    masqueraded = False
    if explore:
        # Upstream's tracer runs the service filter chains directly on the DNATed address
        # (port unchanged) and reports the mark as "masq".
        if w.outputs:
            first = w.outputs[0].rpartition(":")[0]
            pkt.dst_ip, pkt.dst = first, ip_int(first)
        filter_verdict = None
        for chain in (
            c.KUBE_SERVICES,
            c.KUBE_EXTERNAL_SERVICES,
            c.KUBE_NODEPORTS,
            c.KUBE_PROXY_FIREWALL,
        ):
            filter_verdict = w.run_chain(c.TABLE_FILTER, chain, pkt) or filter_verdict
        masqueraded = w.marked
    else:
        if hook == "OUTPUT":
            filter_chain = c.OUTPUT
        else:
            filter_chain = c.INPUT if w.is_local(pkt.dst) else c.FORWARD
        filter_verdict = w.run_chain(c.TABLE_FILTER, filter_chain, pkt)
        if filter_verdict not in ("DROP", "REJECT"):
            delivered_locally = hook == "PREROUTING" and filter_chain == c.INPUT
            if not delivered_locally:
                masqueraded = w.run_chain(c.TABLE_NAT, c.POSTROUTING, pkt) == "MASQUERADE"

    if filter_verdict in ("DROP", "REJECT"):
        verdict = filter_verdict
    elif w.dnat_to is not None:
        verdict = "DNAT"
    else:
        verdict = "ACCEPT"
    return TraceResult(
        node=ruleset.node_name,
        hook=hook,
        matches=tuple(w.matches),
        verdict=verdict,
        dnat=w.dnat_to,
        outputs=tuple(w.outputs),
        masquerade_marked=w.marked,
        masqueraded=masqueraded,
        rules_evaluated=w.evaluated,
        dst_ip=pkt.dst_ip,
        dst_port=pkt.dport,
    )

"""The rules one node's kube-proxy owns, as tables of chains of ``Rule`` values.

``Table`` keeps two things about the same ``Rule`` objects: ``chains`` (every chain by name,
builtin chains included, rules in chain order: what the kernel holds and the walk evaluates)
and the restore payload kube-proxy would send (``payload_chains``: the chains it declares, in
the order it writes their ``:CHAIN - [0:0]`` lines; ``payload_rules``: its ``-A`` lines in the
order it writes them, proxier.go ``syncProxyRules`` @ 531be81).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .chains import BUILTIN_CHAINS
from .rules import Rule


@dataclass(frozen=True)
class Chain:
    """A chain: its name, its policy (``ACCEPT`` for builtin chains, None for user chains)."""

    name: str
    policy: str | None
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class Table:
    """One table (``filter``, ``nat``, ``mangle``) as the kernel would hold it on the node."""

    name: str
    chains: dict[str, Chain]
    payload_chains: tuple[str, ...] = ()
    payload_rules: tuple[Rule, ...] = ()

    def chain(self, name: str) -> Chain | None:
        return self.chains.get(name)

    @property
    def rules(self) -> tuple[Rule, ...]:
        """All rules, chain by chain in ``iptables-save`` order."""
        return tuple(r for c in save_chain_order(self) for r in self.chains[c].rules)


def save_chain_order(table: Table) -> list[str]:
    """Chain order of ``iptables-save``: builtin chains in kernel order, then the rest sorted."""
    builtins = [c for c in BUILTIN_CHAINS.get(table.name, ()) if c in table.chains]
    others = sorted(c for c in table.chains if c not in builtins)
    return builtins + others


@dataclass(frozen=True)
class Ruleset:
    """Everything kube-proxy (iptables mode) has written on one node.

    ``node_ips`` are the node's addresses (the first is kube-proxy's ``nodeIP``); together with
    127.0.0.0/8 they are what ``-m addrtype --src-type/--dst-type LOCAL`` matches.
    ``tables`` maps ``"filter"``, ``"nat"`` and ``"mangle"`` to their ``Table``.
    ``large_cluster_mode`` is set when more than 1000 endpoints made kube-proxy drop comments.
    """

    node_name: str
    node_ips: tuple[str, ...]
    cluster_cidr: str | None
    tables: dict[str, Table]
    large_cluster_mode: bool = False
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    def table(self, name: str) -> Table:
        return self.tables[name]

    def chain(self, table: str, chain: str) -> Chain | None:
        t = self.tables.get(table)
        return t.chains.get(chain) if t else None

    @cached_property
    def local_ips(self) -> frozenset[str]:
        return frozenset(self.node_ips)

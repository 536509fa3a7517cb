"""The hops of one request, as a student reads them.

``lab.curl`` and ``lab.dns`` create a ``Trace`` and hand it down each stage (DNS → netfilter →
NAT → routing → pod → ingress rule), the way upstream's ``iptablesTracer`` collects matches in
kube-proxy's tests. Each hop is a small typed record with a readable ``__str__``; the engine
never prints, it only records here.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Hop:
    """Base class: ``str(hop)`` is one line of explanation; ``hop.es()`` the same in Spanish
    (the course's language). Rule text (iptables lines) is never translated."""

    def __str__(self) -> str:  # pragma: no cover - overridden
        return self.__class__.__name__

    def es(self) -> str:
        return str(self)


@dataclass(frozen=True)
class ClientHop(Hop):
    where: str  # "outside the cluster", "node node-1", "pod default/web-…"
    source_ip: str

    def __str__(self) -> str:
        return f"client: {self.where} (source IP {self.source_ip})"

    def es(self) -> str:
        where = (
            self.where.replace("outside the cluster", "fuera del clúster")
            .replace("a shell on node", "una shell en el nodo")
            .replace(" on ", " en ")
        )
        return f"cliente: {where} (IP de origen {self.source_ip})"


@dataclass(frozen=True)
class DnsHop(Hop):
    name: str
    qtype: str
    rcode: str
    answers: tuple[str, ...]
    server: str

    def __str__(self) -> str:
        ans = ", ".join(self.answers) if self.answers else "no answer"
        return f"DNS {self.qtype} {self.name} → {self.rcode} ({ans}) from {self.server}"

    def es(self) -> str:
        ans = ", ".join(self.answers) if self.answers else "sin respuesta"
        return f"DNS {self.qtype} {self.name} → {self.rcode} ({ans}) desde {self.server}"


@dataclass(frozen=True)
class NetfilterHop(Hop):
    node: str
    table: str
    chain: str
    rule: str  # the raw iptables-save line that matched

    def __str__(self) -> str:
        return f"[{self.node}] {self.table}/{self.chain}: {self.rule}"


@dataclass(frozen=True)
class NatHop(Hop):
    node: str
    kind: str  # "DNAT" or "MASQUERADE"
    before: str
    after: str

    def __str__(self) -> str:
        what = "destination" if self.kind == "DNAT" else "source"
        return f"[{self.node}] {self.kind}: {what} {self.before} → {self.after}"

    def es(self) -> str:
        what = "destino" if self.kind == "DNAT" else "origen"
        return f"[{self.node}] {self.kind}: {what} {self.before} → {self.after}"


@dataclass(frozen=True)
class RouteHop(Hop):
    from_node: str
    to_node: str
    destination: str
    via: str

    def __str__(self) -> str:
        if self.from_node == self.to_node:
            return f"[{self.from_node}] route {self.destination}: local, {self.via}"
        return f"[{self.from_node}] route {self.destination} → node {self.to_node} ({self.via})"

    def es(self) -> str:
        via = (
            self.via.replace("the pod network (cni bridge)", "la red de pods (puente CNI)")
            .replace("a local address of the node", "una dirección local del nodo")
            .replace("the node network", "la red de nodos")
            .replace(" via ", " vía ")
        )
        if self.from_node == self.to_node:
            return f"[{self.from_node}] ruta a {self.destination}: local, {via}"
        return f"[{self.from_node}] ruta a {self.destination} → nodo {self.to_node} ({via})"


@dataclass(frozen=True)
class DeliverHop(Hop):
    pod: str
    container: str
    port: int
    source_ip: str

    def __str__(self) -> str:
        return (
            f"delivered to pod {self.pod}, container {self.container}, port {self.port} "
            f"(sees client {self.source_ip})"
        )

    def es(self) -> str:
        return (
            f"entregado al pod {self.pod}, contenedor {self.container}, puerto {self.port} "
            f"(ve como cliente {self.source_ip})"
        )


@dataclass(frozen=True)
class IngressHop(Hop):
    controller_pod: str
    outcome: str
    detail: str
    nginx_specific: bool = False

    def __str__(self) -> str:
        tag = " [ingress-nginx behaviour]" if self.nginx_specific else ""
        return f"ingress controller {self.controller_pod}: {self.outcome}: {self.detail}{tag}"

    def es(self) -> str:
        tag = " [comportamiento propio de ingress-nginx]" if self.nginx_specific else ""
        return f"controlador Ingress {self.controller_pod}: {self.outcome}: {self.detail}{tag}"


@dataclass(frozen=True)
class NoteHop(Hop):
    text: str
    text_es: str = ""

    def __str__(self) -> str:
        return self.text

    def es(self) -> str:
        return self.text_es or self.text


@dataclass(frozen=True)
class ResultHop(Hop):
    status: int
    error: str | None

    def __str__(self) -> str:
        if self.error:
            return f"result: {self.error}"
        return f"result: HTTP {self.status}"

    def es(self) -> str:
        if self.error:
            return f"resultado: {self.error}"
        return f"resultado: HTTP {self.status}"


@dataclass
class Trace:
    """The ordered hops; iterable, indexable, printable (one hop per line)."""

    hops: list[Hop] = field(default_factory=list)
    rules_walked: int = 0  # how many iptables rules the kernel would have evaluated
    lang: str = "en"  # how str() renders: "en" or "es" (the cluster's language)

    def add(self, hop: Hop) -> None:
        self.hops.append(hop)

    def __iter__(self):
        return iter(self.hops)

    def __len__(self) -> int:
        return len(self.hops)

    def __getitem__(self, i):
        return self.hops[i]

    def __str__(self) -> str:
        return self.es() if self.lang == "es" else self.en()

    def en(self) -> str:
        return "\n".join(str(h) for h in self.hops)

    def es(self) -> str:
        return "\n".join(h.es() for h in self.hops)

    def _repr_pretty_(self, p, cycle) -> None:  # IPython
        p.text(str(self))

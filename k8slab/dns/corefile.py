"""Read the Corefile: server blocks, and in them the options of the *kubernetes* plugin.

Sources (coredns/coredns):
- ``plugin/kubernetes/setup.go`` (``ParseStanza``): zones default to the server block's keys,
  ``pods disabled|insecure|verified`` (default ``disabled``), ``ttl`` in [0, 3600] (default 5),
  ``endpoint_pod_names``, ``namespaces``, ``fallthrough [ZONES...]``, ``ignore empty_service``,
  ``noendpoints``; unknown options fail with ``unknown property '…'``; the first non-reverse zone
  is the primary zone (``non-reverse zone name must be used``).
- ``plugin/kubernetes/README.md`` for the option list.
- caddy's Dispenser (``Errf``/``ArgErr``): ``<file>:<line> - Error during parsing: <msg>`` and
  ``Wrong argument count or unexpected line ending after '<token>'``; ``plugin.Error`` prefixes
  ``plugin/<name>: ``.

Only the parts that change answers are modelled: the *kubernetes* stanza, whether a
``forward`` plugin exists (names outside the cluster zones go "upstream"), and ``loadbalance``.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

COREFILE_PATH = "/etc/coredns/Corefile"  # where kubeadm mounts the ConfigMap
PLUGIN_NAME = "kubernetes"

POD_MODE_DISABLED = "disabled"
POD_MODE_VERIFIED = "verified"
POD_MODE_INSECURE = "insecure"
DEFAULT_TTL = 5  # kubernetes.go defaultTTL

# Options setup.go accepts but that change nothing in this simulator.
_IGNORED_WITH_ARGS = {
    "endpoint",
    "tls",
    "kubeconfig",
    "labels",
    "namespace_labels",
    "resyncperiod",
    "upstream",
    "transfer",
    "apiserver_qps",
    "apiserver_burst",
    "apiserver_max_inflight",
    "startup_timeout",
    "multicluster",
}


class CorefileError(ValueError):
    """A Corefile CoreDNS would refuse to load; the message is CoreDNS's own."""


@dataclass(frozen=True)
class KubernetesConfig:
    """The *kubernetes* plugin's settings (the fields of ``Kubernetes`` that shape answers)."""

    zones: tuple[str, ...] = ("cluster.local.",)
    pod_mode: str = POD_MODE_DISABLED
    ttl: int = DEFAULT_TTL
    endpoint_pod_names: bool = False
    namespaces: frozenset[str] = frozenset()
    # None: no fallthrough; (): every zone; else only names under these zones.
    fallthrough: tuple[str, ...] | None = None
    ignore_empty_service: bool = False
    noendpoints: bool = False

    @property
    def primary_zone(self) -> str:
        """The first non-reverse zone (``primaryZone``), used to name PTR targets."""
        for z in self.zones:
            if not is_reverse(z):
                return z
        return self.zones[0]

    def falls_through(self, name: str) -> bool:
        """``fall.F.Through``: does an NXDOMAIN for ``name`` go to the next plugin?"""
        if self.fallthrough is None:
            return False
        if not self.fallthrough:
            return True
        return any(is_subdomain(z, name) for z in self.fallthrough)


@dataclass(frozen=True)
class ServerBlock:
    """One ``zones { … }`` block and the plugins it lists."""

    zones: tuple[str, ...]
    plugins: tuple[str, ...]
    kubernetes: KubernetesConfig | None = None
    forward_to: tuple[str, ...] = ()
    line: int = 1


@dataclass(frozen=True)
class Corefile:
    blocks: tuple[ServerBlock, ...] = field(default_factory=tuple)

    def block_for(self, qname: str) -> ServerBlock | None:
        """The server block whose key is the longest suffix of ``qname`` (CoreDNS's mux)."""
        best: ServerBlock | None = None
        best_len = -1
        for b in self.blocks:
            for z in b.zones:
                if is_subdomain(z, qname) and len(z) > best_len:
                    best, best_len = b, len(z)
        return best


# ---------------------------------------------------------------- names


def fqdn(name: str) -> str:
    return name if name.endswith(".") else name + "."


def is_subdomain(parent: str, child: str) -> bool:
    """``dns.IsSubDomain``: ``child`` equals ``parent`` or ends with ``.parent`` (no case)."""
    p, c = fqdn(parent).lower(), fqdn(child).lower()
    return p == "." or c == p or c.endswith("." + p)


def is_reverse(name: str) -> bool:
    n = fqdn(name).lower()
    return n.endswith("in-addr.arpa.") or n.endswith("ip6.arpa.")


def normalize_zone(key: str) -> list[str]:
    """``plugin.Host(key).Normalize()``: strip scheme and port, lowercase, end with a dot;
    a CIDR on an octet boundary becomes its reverse zone."""
    s = key
    for scheme in ("dns://", "tls://", "grpc://", "https://"):
        if s.startswith(scheme):
            s = s[len(scheme) :]
    if "/" in s:
        try:
            net = ipaddress.ip_network(s, strict=False)
        except ValueError:
            pass
        else:
            if net.version == 4 and net.prefixlen % 8 == 0:
                octets = str(net.network_address).split(".")[: net.prefixlen // 8]
                return [
                    ".".join(reversed(octets)) + (".in-addr.arpa." if octets else "in-addr.arpa.")
                ]
            return [net.reverse_pointer.split(".", 1)[-1] + "."]
    host, sep, port = s.rpartition(":")
    if sep and port.isdigit() and host:
        s = host
    return [fqdn(s.lower())]


# -------------------------------------------------------------- tokens


@dataclass(frozen=True)
class _Tok:
    text: str
    line: int
    quoted: bool = False


def _tokenize(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    line = 1
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            toks.append(_Tok("\n", line))
            line += 1
            i += 1
        elif c in " \t\r":
            i += 1
        elif c == "#":
            while i < n and text[i] != "\n":
                i += 1
        elif c == '"':
            j, buf, start = i + 1, [], line
            while j < n and text[j] != '"':
                if text[j] == "\\" and j + 1 < n:
                    j += 1
                if text[j] == "\n":
                    line += 1
                buf.append(text[j])
                j += 1
            toks.append(_Tok("".join(buf), start, True))
            i = j + 1
        elif c in "{}":
            toks.append(_Tok(c, line))
            i += 1
        else:
            j = i
            while j < n and text[j] not in ' \t\r\n{}"#':
                j += 1
            toks.append(_Tok(text[i:j], line))
            i = j
    return toks


def _lines(toks: list[_Tok]) -> list[list[_Tok]]:
    """Split tokens into logical lines; ``{`` and ``}`` stay attached as their own lines."""
    out: list[list[_Tok]] = []
    cur: list[_Tok] = []
    for t in toks:
        if t.text == "\n" and not t.quoted:
            if cur:
                out.append(cur)
            cur = []
        elif t.text in "{}" and not t.quoted:
            if t.text == "{":
                cur.append(t)
                out.append(cur)
            else:
                if cur:
                    out.append(cur)
                out.append([t])
            cur = []
        else:
            cur.append(t)
    if cur:
        out.append(cur)
    return out


def _err(filename: str, line: int, msg: str, plugin: str | None = None) -> CorefileError:
    text = f"{filename}:{line} - Error during parsing: {msg}"
    return CorefileError(f"plugin/{plugin}: {text}" if plugin else text)


def _arg_err(filename: str, tok: _Tok, plugin: str) -> CorefileError:
    return _err(
        filename,
        tok.line,
        f"Wrong argument count or unexpected line ending after '{tok.text}'",
        plugin,
    )


# -------------------------------------------------------------- parsing


def parse_corefile(text: str, *, filename: str = COREFILE_PATH) -> Corefile:
    """Parse a Corefile into server blocks; raise ``CorefileError`` as CoreDNS would refuse it."""
    lines = _lines(_tokenize(text))
    blocks: list[ServerBlock] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        if ln[-1].text != "{" or ln[-1].quoted:
            raise _err(filename, ln[0].line, f"Unexpected token '{ln[0].text}', expecting '{{'")
        keys = [t.text for t in ln[:-1]] or ["."]
        zones: list[str] = []
        for k in keys:
            for part in k.split(","):
                if part:
                    zones += normalize_zone(part)
        i += 1
        body: list[list[_Tok]] = []
        depth = 1
        while i < len(lines) and depth:
            cur = lines[i]
            if cur[0].text == "}" and not cur[0].quoted:
                depth -= 1
                if depth == 0:
                    i += 1
                    break
            elif cur[-1].text == "{" and not cur[-1].quoted:
                depth += 1
            body.append(cur)
            i += 1
        if depth:
            raise _err(filename, ln[0].line, "Unexpected EOF")
        blocks.append(_server_block(tuple(zones), body, filename, ln[0].line))
    return Corefile(tuple(blocks))


def _directives(body: list[list[_Tok]]) -> list[tuple[list[_Tok], list[list[_Tok]]]]:
    """Group a block body into (directive line, its sub-block lines)."""
    out: list[tuple[list[_Tok], list[list[_Tok]]]] = []
    j = 0
    while j < len(body):
        head = body[j]
        j += 1
        sub: list[list[_Tok]] = []
        if head[-1].text == "{" and not head[-1].quoted:
            head = head[:-1]
            depth = 1
            while j < len(body) and depth:
                cur = body[j]
                if cur[0].text == "}" and not cur[0].quoted:
                    depth -= 1
                    if depth == 0:
                        j += 1
                        break
                elif cur[-1].text == "{":
                    depth += 1
                sub.append(cur)
                j += 1
        if head:
            out.append((head, sub))
    return out


def _server_block(
    zones: tuple[str, ...], body: list[list[_Tok]], filename: str, line: int
) -> ServerBlock:
    plugins: list[str] = []
    k8s: KubernetesConfig | None = None
    forward_to: tuple[str, ...] = ()
    for head, sub in _directives(body):
        name = head[0].text
        if name == PLUGIN_NAME:
            if k8s is not None:
                raise CorefileError(
                    f"plugin/{PLUGIN_NAME}: this plugin can only be used once per Server Block"
                )
            k8s = _kubernetes_stanza(head, sub, zones, filename)
        elif name == "forward":
            if len(head) < 3:
                raise _arg_err(filename, head[-1], "forward")
            forward_to = tuple(t.text for t in head[2:])
        plugins.append(name)
    return ServerBlock(zones, tuple(plugins), k8s, forward_to, line)


def _kubernetes_stanza(
    head: list[_Tok], sub: list[list[_Tok]], server_zones: tuple[str, ...], filename: str
) -> KubernetesConfig:
    zones: list[str] = []
    for t in head[1:]:
        zones += normalize_zone(t.text)
    if not zones:
        zones = list(server_zones)
    if all(is_reverse(z) for z in zones):
        raise CorefileError(f"plugin/{PLUGIN_NAME}: non-reverse zone name must be used")
    opts: dict = {"zones": tuple(zones)}
    namespaces: set[str] = set()
    for ln in sub:
        key, args = ln[0], [t.text for t in ln[1:]]
        prop = key.text
        if prop == "endpoint_pod_names":
            if args:
                raise _arg_err(filename, ln[-1], PLUGIN_NAME)
            opts["endpoint_pod_names"] = True
        elif prop == "pods":
            if len(args) != 1:
                raise _arg_err(filename, ln[-1], PLUGIN_NAME)
            if args[0] not in (POD_MODE_DISABLED, POD_MODE_INSECURE, POD_MODE_VERIFIED):
                # setup.go uses fmt.Errorf here, so no file:line, and the doubled space is upstream's.
                raise CorefileError(
                    f"plugin/{PLUGIN_NAME}: wrong value for pods: {args[0]},  must be one of: "
                    "disabled, verified, insecure"
                )
            opts["pod_mode"] = args[0]
        elif prop == "namespaces":
            if not args:
                raise _arg_err(filename, ln[-1], PLUGIN_NAME)
            namespaces.update(args)
        elif prop == "fallthrough":
            zs: list[str] = []
            for a in args:
                zs += normalize_zone(a)
            opts["fallthrough"] = tuple(zs)
        elif prop == "ttl":
            if not args:
                raise _arg_err(filename, ln[-1], PLUGIN_NAME)
            try:
                ttl = int(args[0])
            except ValueError:
                raise CorefileError(
                    f'plugin/{PLUGIN_NAME}: strconv.Atoi: parsing "{args[0]}": invalid syntax'
                ) from None
            if ttl < 0 or ttl > 3600:
                raise _err(
                    filename, key.line, f"ttl must be in range [0, 3600]: {ttl}", PLUGIN_NAME
                )
            opts["ttl"] = ttl
        elif prop == "noendpoints":
            if args:
                raise _arg_err(filename, ln[-1], PLUGIN_NAME)
            opts["noendpoints"] = True
        elif prop == "ignore":
            if args and args[0] != "empty_service":
                raise CorefileError(
                    f"plugin/{PLUGIN_NAME}: unable to parse ignore value: '{args[0]}'"
                )
            if args:
                opts["ignore_empty_service"] = True
        elif prop in _IGNORED_WITH_ARGS:
            continue
        else:
            raise _err(filename, key.line, f"unknown property '{prop}'", PLUGIN_NAME)
    return KubernetesConfig(namespaces=frozenset(namespaces), **opts)

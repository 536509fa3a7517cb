"""Rules as values: one frozen ``Rule`` per ``-A`` line, rendered to text in this module only.

A ``Rule`` keeps the words kube-proxy writes after ``-A CHAIN`` (``args``, in its own order, as
``proxier.go`` @ 531be81 builds them with ``LineBuffer.Write``) plus the typed matches the
packet walk evaluates. Two renderings live here and nowhere else:

- ``payload``: the line as kube-proxy writes it into its ``iptables-restore`` input
  (``-m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 …``,
  probabilities from ``computeProbability``, ``%0.10f``). Upstream's proxier_test.go expects this.
- ``raw``: the line as ``iptables-save`` prints it back from the kernel (netfilter iptables
  1.8.9, nf_tables and legacy alike): ``-s``/``-d`` (with ``/32``) and ``-p`` first, then each
  ``-m`` match in load order, then the target; comments quoted unless all ``[A-Za-z0-9_-]``;
  ``--or-mark V`` as ``--set-xmark V/V``; ``REJECT`` with ``--reject-with
  icmp-port-unreachable``; ``recent`` with its defaults; probabilities as the kernel stores them
  (``round(p·2³¹)/2³¹`` printed with 11 decimals, so ``0.3333333333`` reads back as
  ``0.33333333349``).

``parse_rule`` turns either form back into the same ``Rule`` (compare upstream
``pkg/util/iptables/testing/parse.go`` ``ParseRule``, which keeps ``Raw`` the same way).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from functools import lru_cache

_NO_QUOTE = re.compile(r"[A-Za-z0-9_-]+\Z")
_KERNEL_PROBABILITY_SCALE = 0x80000000  # libxt_statistic stores round(p * 2^31)
CTSTATE_ORDER = ("INVALID", "NEW", "RELATED", "ESTABLISHED", "UNTRACKED", "SNAT", "DNAT")

# Options of each match module (the tcp/udp/sctp port options are shared).
_MODULE_OPTIONS: dict[str, frozenset[str]] = {
    "comment": frozenset({"--comment"}),
    "tcp": frozenset({"--dport", "--sport"}),
    "udp": frozenset({"--dport", "--sport"}),
    "sctp": frozenset({"--dport", "--sport"}),
    "addrtype": frozenset({"--src-type", "--dst-type"}),
    "statistic": frozenset({"--mode", "--probability"}),
    "recent": frozenset(
        {"--name", "--set", "--rcheck", "--update", "--seconds", "--reap", "--mask", "--rsource"}
    ),
    "mark": frozenset({"--mark"}),
    "conntrack": frozenset({"--ctstate"}),
    "nfacct": frozenset({"--nfacct-name"}),
}
_FLAG_OPTIONS = frozenset(
    {"--set", "--rcheck", "--update", "--reap", "--rsource", "--random-fully"}
)


def compute_probability(n: int) -> str:
    """``1/n`` as kube-proxy writes it: Go ``%0.10f`` (proxier.go ``computeProbability``)."""
    return f"{1.0 / n:.10f}"


@lru_cache(maxsize=4096)
def kernel_probability(text: str) -> float:
    """The probability the kernel actually uses for ``--probability text`` (libxt_statistic)."""
    x = _KERNEL_PROBABILITY_SCALE * float(text)
    return int(x + 0.5) / _KERNEL_PROBABILITY_SCALE  # lround, x >= 0


@lru_cache(maxsize=4096)
def _save_probability(text: str) -> str:
    return f"{kernel_probability(text):.11f}"


def save_string(value: str) -> str:
    """Quote like ``xtables_save_string``: bare iff all ``[A-Za-z0-9_-]``, else ``"…"``."""
    if _NO_QUOTE.match(value):
        return value
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("'", "\\'")
    return f'"{escaped}"'


@dataclass(frozen=True, slots=True)
class AddrMatch:
    """An ``-s``/``-d`` match: a network (as ints) and whether it is negated (``!``)."""

    network: int
    mask: int
    prefixlen: int
    negated: bool
    cidr: str  # as iptables-save prints it: network/len

    def matches(self, ip: int) -> bool:
        return ((ip & self.mask) == self.network) != self.negated


def _quad(text: str) -> int | None:
    """Fast path for a canonical dotted quad ("10.244.1.5"); None for anything else."""
    try:
        a, b, c, d = map(int, text.split("."))
    except ValueError:
        return None
    if a > 255 or b > 255 or c > 255 or d > 255 or f"{a}.{b}.{c}.{d}" != text:
        return None
    return (a << 24) | (b << 16) | (c << 8) | d


def _dotted(value: int) -> str:
    return f"{value >> 24}.{(value >> 16) & 255}.{(value >> 8) & 255}.{value & 255}"


@lru_cache(maxsize=8192)
def _addr(text: str, negated: bool) -> AddrMatch:
    ip, _, plen = text.partition("/")
    value = _quad(ip)
    if value is not None and not plen:
        return AddrMatch(value, 0xFFFFFFFF, 32, negated, f"{ip}/32")
    if value is not None and plen.isdigit() and int(plen) <= 32:
        prefixlen = int(plen)
        mask = (0xFFFFFFFF << (32 - prefixlen)) & 0xFFFFFFFF
        return AddrMatch(
            value & mask, mask, prefixlen, negated, f"{_dotted(value & mask)}/{prefixlen}"
        )
    net = ipaddress.IPv4Network(text, strict=False)
    return AddrMatch(
        int(net.network_address), int(net.netmask), net.prefixlen, negated, str(net.with_prefixlen)
    )


def normalize_ipv4(text: str) -> str | None:
    """``text`` as a canonical IPv4 address ("10.180.00.001" -> "10.180.0.1"), None if invalid."""
    if _quad(text) is not None:
        return text
    try:
        return str(ipaddress.IPv4Address(text.strip()))
    except ValueError:
        return None


@lru_cache(maxsize=65536)
def ip_int(ip: str) -> int:
    """An IPv4 address as an int (cached: the walk converts the same few addresses often)."""
    value = _quad(ip)
    return value if value is not None else int(ipaddress.IPv4Address(ip))


@dataclass(frozen=True, slots=True)
class RecentMatch:
    """``-m recent``: ClientIP session affinity (``--set`` in SEP, ``--rcheck`` in SVC/SVL)."""

    name: str
    action: str  # "set" or "rcheck"
    seconds: int | None
    reap: bool


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of one chain: typed matches for the walk, and its two text renderings.

    ``args`` are the words after ``-A CHAIN`` in kube-proxy's order (comment values unquoted).
    ``payload`` is the restore-input line, ``raw`` the ``iptables-save`` line. A rule without a
    ``jump`` (the last rule of a KUBE-FW chain) only counts packets.
    """

    table: str
    chain: str
    args: tuple[str, ...]
    comment: str | None
    protocol: str | None
    protocol_negated: bool
    src: AddrMatch | None
    dst: AddrMatch | None
    dport: int | None
    dport_negated: bool
    src_type: tuple[str, bool] | None  # (type, negated)
    dst_type: tuple[str, bool] | None
    probability: str | None  # as written, e.g. "0.3333333333"
    kernel_probability: float | None  # as the kernel applies it
    recent: RecentMatch | None
    mark: tuple[int, int, bool] | None  # (value, mask, negated)
    ctstate: tuple[frozenset[str], bool] | None
    nfacct: str | None
    jump: str | None
    to_destination: str | None
    set_xmark: tuple[int, int] | None  # MARK target as (value, mask): mark = (mark & ~mask) ^ value
    raw: str
    given_line: str | None = None  # the line as parsed, when the rule came from text

    @property
    def payload(self) -> str:
        """The line as kube-proxy writes it (or as given, for a parsed rule)."""
        return (
            self.given_line if self.given_line is not None else _payload_line(self.chain, self.args)
        )

    def __str__(self) -> str:
        return self.raw


def _payload_line(chain: str, args: tuple[str, ...]) -> str:
    parts = ["-A", chain]
    prev = ""
    for a in args:
        # kube-proxy quotes exactly the comments it builds with spaces (fmt `"%s …"`).
        if prev == "--comment" and (" " in a or a == ""):
            parts.append(f'"{a}"')
        else:
            parts.append(a)
        prev = a
    return " ".join(parts)


def _hexmark(value: int, mask: int | None = None) -> str:
    return f"0x{value:x}" if mask is None else f"0x{value:x}/0x{mask:x}"


def _parse_mark(text: str) -> tuple[int, int]:
    if "/" in text:
        v, m = text.split("/", 1)
        return int(v, 0), int(m, 0)
    return int(text, 0), 0xFFFFFFFF


def split_words(line: str) -> list[str]:
    """Split a rule line into words; a double-quoted string (with ``\\`` escapes) is one word."""
    words: list[str] = []
    i, n = 0, len(line)
    while i < n:
        c = line[i]
        if c == " ":
            i += 1
            continue
        if c == '"':
            j = i + 1
            buf = []
            while j < n and line[j] != '"':
                if line[j] == "\\" and j + 1 < n:
                    j += 1
                buf.append(line[j])
                j += 1
            words.append("".join(buf))
            i = j + 1
        else:
            j = line.find(" ", i)
            if j < 0:
                j = n
            words.append(line[i:j])
            i = j
    return words


def make_rule(table: str, chain: str, *args: str) -> Rule:
    """Build a ``Rule`` from kube-proxy's words (as ``LineBuffer.Write`` gets them).

    Comment values are passed unquoted; quoting happens in the renderings.
    """
    return _build(table, chain, tuple(args))


def parse_rule(table: str, line: str, *, strict: bool = True) -> Rule:
    """Parse one ``-A CHAIN …`` line (restore input or iptables-save output) into a ``Rule``.

    With ``strict=False`` unknown words are skipped, as upstream's ``ParseRule(rule, false)``.
    """
    words = split_words(line)
    if len(words) < 2 or words[0] != "-A":
        raise ValueError(f'bad iptables rule (does not start with "-A CHAIN"): {line!r}')
    return _build(table, words[1], tuple(words[2:]), strict=strict)


def _build(table: str, chain: str, args: tuple[str, ...], *, strict: bool = True) -> Rule:
    """Parse ``args`` once: typed matches for the walk and the ``iptables-save`` rendering.

    One pass over the words; the hot path of ``sync_proxy_rules`` (170,000 rules for 10,000
    Services), so it avoids intermediate objects where it can.
    """
    src = dst = None
    proto: str | None = None
    proto_neg = False
    modules: list[tuple[str, list[tuple[bool, str, str | None]]]] = []
    owners: dict[str, list[tuple[bool, str, str | None]]] = {}
    target: str | None = None
    target_opts: list[tuple[str, str | None]] = []
    comment = probability = nfacct = None
    dport: int | None = None
    dport_neg = False
    src_type = dst_type = None
    recent = None
    mark = None
    ctstate = None
    negated = False
    i, n = 0, len(args)
    while i < n:
        w = args[i]
        if w == "!":
            negated = True
            i += 1
            continue
        if target is not None:
            if w in _FLAG_OPTIONS:
                target_opts.append((w, None))
                i += 1
            else:
                target_opts.append((w, args[i + 1]))
                i += 2
            continue
        if w == "-m":
            opts: list[tuple[bool, str, str | None]] = []
            mod = args[i + 1]
            modules.append((mod, opts))
            for opt in _MODULE_OPTIONS.get(mod, ()):
                owners[opt] = opts
            i += 2
        elif w == "-j":
            target = args[i + 1]
            i += 2
        elif w == "-s" or w == "--source":
            src = _addr(args[i + 1], negated)
            i += 2
        elif w == "-d" or w == "--destination":
            dst = _addr(args[i + 1], negated)
            i += 2
        elif w == "-p":
            proto, proto_neg = args[i + 1], negated
            i += 2
        else:
            owner = owners.get(w)
            if owner is None:
                if strict:
                    raise ValueError(f"unknown option {w!r} in rule -A {chain} {' '.join(args)}")
                i += 1
                negated = False
                continue
            if w in _FLAG_OPTIONS:
                owner.append((negated, w, None))
                i += 1
                negated = False
                continue
            val = args[i + 1]
            owner.append((negated, w, val))
            i += 2
            if w == "--comment":
                comment = val
            elif w == "--dport":
                dport, dport_neg = int(val), negated
            elif w == "--probability":
                probability = val
            elif w == "--dst-type":
                dst_type = (val, negated)
            elif w == "--src-type":
                src_type = (val, negated)
            elif w == "--mark":
                v, m = _parse_mark(val)
                mark = (v, m, negated)
            elif w == "--ctstate":
                ctstate = (frozenset(val.split(",")), negated)
            elif w == "--nfacct-name":
                nfacct = val
        negated = False

    for mod, opts in modules if "--rcheck" in owners else ():
        if mod == "recent":
            d = {o: v for _, o, v in opts}
            recent = RecentMatch(
                name=d.get("--name") or "DEFAULT",
                action="set" if "--set" in d else "rcheck" if "--rcheck" in d else "update",
                seconds=int(d["--seconds"] or 0) if "--seconds" in d else None,
                reap="--reap" in d,
            )
    set_xmark = None
    to_destination = None
    if target_opts:
        topts = dict(target_opts)
        to_destination = topts.get("--to-destination")
        if target == "MARK":
            if "--or-mark" in topts:
                v = int(topts["--or-mark"] or "0", 0)
                set_xmark = (v, v)
            elif "--xor-mark" in topts:
                set_xmark = (int(topts["--xor-mark"] or "0", 0), 0)
            elif "--set-xmark" in topts:
                set_xmark = _parse_mark(topts["--set-xmark"] or "0")
    raw = _save_line(chain, src, dst, proto, proto_neg, modules, target, target_opts, set_xmark)
    return Rule(
        table,
        chain,
        args,
        comment,
        proto,
        proto_neg,
        src,
        dst,
        dport,
        dport_neg,
        src_type,
        dst_type,
        probability,
        kernel_probability(probability) if probability else None,
        recent,
        mark,
        ctstate,
        nfacct,
        target,
        to_destination,
        set_xmark,
        raw,
    )


def _save_line(
    chain: str,
    src: AddrMatch | None,
    dst: AddrMatch | None,
    proto: str | None,
    proto_neg: bool,
    modules: list[tuple[str, list[tuple[bool, str, str | None]]]],
    target: str | None,
    target_opts: list[tuple[str, str | None]],
    set_xmark: tuple[int, int] | None,
) -> str:
    out = ["-A", chain]
    if src is not None:
        out += ["!", "-s", src.cidr] if src.negated else ["-s", src.cidr]
    if dst is not None:
        out += ["!", "-d", dst.cidr] if dst.negated else ["-d", dst.cidr]
    if proto is not None:
        out += ["!", "-p", proto] if proto_neg else ["-p", proto]
    for mod, opts in modules:
        out += ["-m", mod]
        out += _save_match(mod, opts)
    if target is not None:
        out += ["-j", target]
        topts = dict(target_opts)
        if target == "MARK" and set_xmark is not None:
            out += ["--set-xmark", _hexmark(*set_xmark)]
        elif target == "REJECT":
            out += ["--reject-with", topts.get("--reject-with") or "icmp-port-unreachable"]
        else:
            for opt, val in target_opts:
                out += [opt] if val is None else [opt, val]
    return " ".join(out)


def _neg(neg: bool) -> list[str]:
    return ["!"] if neg else []


def _save_match(mod: str, opts: list[tuple[bool, str, str | None]]) -> list[str]:
    out: list[str] = []
    if mod == "comment":
        for _, _, v in opts:
            out += ["--comment", save_string(v or "")]
    elif mod == "statistic":
        d = {o: v for _, o, v in opts}
        out += ["--mode", d.get("--mode") or "random"]
        if "--probability" in d:
            out += ["--probability", _save_probability(d["--probability"] or "0")]
    elif mod == "recent":
        d = {o: (neg, v) for neg, o, v in opts}
        for action in ("--set", "--rcheck", "--update"):
            if action in d:
                out += _neg(d[action][0]) + [action]
        if "--seconds" in d:
            out += ["--seconds", d["--seconds"][1] or "0"]
        if "--reap" in d:
            out += ["--reap"]
        out += ["--name", (d.get("--name") or (False, "DEFAULT"))[1] or "DEFAULT"]
        out += ["--mask", (d.get("--mask") or (False, "255.255.255.255"))[1] or ""]
        out += ["--rsource"]
    elif mod == "mark":
        for neg, _, v in opts:
            value, mask = _parse_mark(v or "0")
            out += _neg(neg) + [
                "--mark",
                _hexmark(value) if mask == 0xFFFFFFFF else _hexmark(value, mask),
            ]
    elif mod == "conntrack":
        for neg, _, v in opts:
            states = set((v or "").split(","))
            out += _neg(neg) + ["--ctstate", ",".join(s for s in CTSTATE_ORDER if s in states)]
    elif mod == "nfacct":
        for _, _, v in opts:
            # libxt_NFACCT prints the name with a leading space after its own separator.
            out += ["--nfacct-name", f" {v}"]
    else:
        for neg, opt, v in opts:
            out += _neg(neg) + ([opt] if v is None else [opt, v])
    return out

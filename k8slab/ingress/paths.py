"""Path matching: the Ingress API's rules and the nginx locations ingress-nginx renders.

Ingress API (kubernetes.io Ingress docs, "Path types", "Examples", "Multiple matches";
networking/v1 ``HTTPIngressPath``): ``Exact`` matches the whole path, case-sensitively;
``Prefix`` matches element by element on the ``/``-split path (a trailing slash on either side is
ignored, ``/`` matches everything, ``/aaa/bb`` does not match ``/aaa/bbb``); with several matches
the longest path wins and at equal length ``Exact`` beats ``Prefix``. ``ImplementationSpecific``
is left to the IngressClass. Only the path is matched, never the query string.

ingress-nginx (``internal/k8s/main.go``, ``internal/ingress/controller/location.go``,
``template.go buildLocation``; ``docs/user-guide/ingress-path-matching.md``):

- ``ImplementationSpecific`` is rewritten to ``Prefix`` (SetDefaultNGINXPathType).
- ``Prefix /p`` becomes ``location /p/`` plus ``location = /p`` (the exact copy is skipped when an
  ``Exact /p`` already exists); ``Exact /p`` becomes ``location = /p``; ``/`` stays ``location /``.
- nginx then picks: an ``=`` location equal to the URI, else the longest prefix location; a
  request equal to a location name ending in ``/`` minus that slash gets **301** to the slashed
  form (``ngx_http_core_find_static_location``, ``auto_redirect``), unless an ``=`` location
  equals the URI.
- Regex mode: if any location of the host comes from an Ingress with ``use-regex: "true"`` or a
  ``rewrite-target`` different from its path, every location of that host is rendered
  ``~* "^<path>"`` (Exact ones too), case-insensitive, anchored only at the start, tried in the
  server's order (longest path first), first match wins. Python's ``re`` stands in for PCRE.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

EXACT = "Exact"
PREFIX = "Prefix"
IMPLEMENTATION_SPECIFIC = "ImplementationSpecific"

Modifier = Literal["=", "", "~*"]


def split_path(path: str) -> list[str]:
    """Path elements as the API defines them: split on '/', empty elements dropped."""
    return [p for p in path.split("/") if p]


def prefix_matches(rule_path: str, request_path: str) -> bool:
    """Ingress API ``Prefix``: every element of ``rule_path`` equals the request's, in order."""
    rule = split_path(rule_path)
    req = split_path(request_path)
    return len(rule) <= len(req) and req[: len(rule)] == rule


def exact_matches(rule_path: str, request_path: str) -> bool:
    return rule_path == request_path


def api_matches(path_type: str, rule_path: str, request_path: str) -> bool | None:
    """The Ingress API's answer; None for ImplementationSpecific (controller-defined)."""
    if path_type == EXACT:
        return exact_matches(rule_path, request_path)
    if path_type == PREFIX:
        return prefix_matches(rule_path, request_path)
    return None


@dataclass(frozen=True)
class PathCandidate:
    """One path of one rule, as the API-level chooser sees it."""

    path: str
    path_type: str
    key: object = None  # opaque handle for the caller (e.g. the rule/path indices)


def api_choose(candidates: list[PathCandidate], request_path: str) -> PathCandidate | None:
    """The Ingress docs' "Multiple matches": longest matching path, Exact over Prefix at a tie.

    Length is the path string's length (the API comment on PathType); ImplementationSpecific
    paths are left out. Among fully equal candidates the first one listed wins.
    """
    best: PathCandidate | None = None
    for c in candidates:
        if not api_matches(c.path_type, c.path, request_path):
            continue
        if best is None:
            best = c
            continue
        if len(c.path) > len(best.path) or (
            len(c.path) == len(best.path) and c.path_type == EXACT and best.path_type != EXACT
        ):
            best = c
    return best


def describe_api_mismatch(path_type: str, rule_path: str, request_path: str) -> str:
    """Why a path does not match under the API rule (English)."""
    if path_type == EXACT:
        if rule_path.rstrip("/") == request_path.rstrip("/"):
            return f"Exact {rule_path!r} needs the path to be exactly {rule_path!r} (trailing slash differs)"
        if rule_path.lower() == request_path.lower():
            return f"Exact {rule_path!r} is case-sensitive"
        return f"Exact {rule_path!r} is not the path {request_path!r}"
    rule = split_path(rule_path)
    req = split_path(request_path)
    if len(rule) > len(req):
        return f"Prefix {rule_path!r} has more elements than {request_path!r}"
    for i, (a, b) in enumerate(zip(rule, req, strict=False)):
        if a != b:
            if b.startswith(a):
                return (
                    f"Prefix {rule_path!r} matches whole path elements only: "
                    f"{b!r} is not {a!r} (not a string prefix match)"
                )
            if a.lower() == b.lower():
                return f"Prefix {rule_path!r} is case-sensitive: element {b!r} is not {a!r}"
            return f"Prefix {rule_path!r}: element {i + 1} is {b!r}, not {a!r}"
    return f"Prefix {rule_path!r} does not match {request_path!r}"


# --- nginx locations as ingress-nginx renders them -------------------------------------------


@dataclass(frozen=True)
class NginxLocation:
    """One ``location`` block: modifier (``=``, none, ``~*``), name, and the index of the
    ingress-nginx Location it came from."""

    modifier: Modifier
    name: str
    origin: int

    def __str__(self) -> str:
        if self.modifier == "~*":
            return f'location ~* "^{self.name}"'
        if self.modifier == "=":
            return f"location = {self.name}"
        return f"location {self.name}"


@dataclass(frozen=True)
class LocationMatch:
    """nginx's answer: the location chosen, or a 301 to ``redirect_path``."""

    location: NginxLocation | None
    redirect_path: str | None = None
    how: str = ""


def _regex_matches(name: str, path: str) -> bool:
    try:
        return re.match("^" + name, path, flags=re.IGNORECASE) is not None
    except re.error:
        # PCRE accepts some patterns Python rejects; fall back to a literal prefix.
        return path.lower().startswith(name.lower())


def find_location(locations: list[NginxLocation], uri_path: str) -> LocationMatch:
    """nginx's location choice for ``uri_path`` among one server's locations.

    Static locations (ngx_http_core_find_static_location): an ``=`` location equal to the URI
    wins; otherwise a location named URI + "/" triggers the 301 auto-redirect; otherwise the
    longest prefix location. Regex locations are tried only when no ``=`` matched and no
    redirect was decided, in order, first match wins (ngx_http_core_find_location). ingress-nginx
    never mixes the two in one server: in regex mode every location is a regex.
    """
    exact = [loc for loc in locations if loc.modifier == "=" and loc.name == uri_path]
    if exact:
        return LocationMatch(exact[0], how="exact location")
    slashed = uri_path + "/"
    if any(loc.modifier in ("=", "") and loc.name == slashed for loc in locations):
        return LocationMatch(None, redirect_path=slashed, how="auto-redirect")
    best: NginxLocation | None = None
    for loc in locations:
        if loc.modifier == "" and uri_path.startswith(loc.name):
            if best is None or len(loc.name) > len(best.name):
                best = loc
    for loc in locations:
        if loc.modifier == "~*" and _regex_matches(loc.name, uri_path):
            return LocationMatch(loc, how="first matching regex location")
    if best is not None:
        return LocationMatch(best, how="longest prefix location")
    return LocationMatch(None, how="no location")

"""Bundled copies of well-known add-on manifests, so ``kubectl apply -f URL`` works offline.

``bundled_manifest(url)`` returns the YAML text that ``url`` would serve, or ``None`` when no
copy is bundled. Only the exact releases listed below are bundled: a URL for any other
release, branch (``main``, ``master``) or file returns ``None``, as an unknown URL should; no
version is mapped onto another.

Known URLs (``<ref>/<path>`` under ``kubernetes/ingress-nginx``; provenance, commits and the
objects a current API server rejects are in ``k8slab/addons/README.md``):

- ``nginx-0.30.0``: ``deploy/static/mandatory.yaml`` (reconstructed) and
  ``deploy/static/provider/baremetal/service-nodeport.yaml`` (upstream);
- ``controller-v1.14.5``: ``deploy/static/provider/baremetal/deploy.yaml`` and
  ``deploy/static/provider/kind/deploy.yaml`` (both upstream);
- ``controller-v1.15.1``: ``deploy/static/provider/kind/deploy.yaml`` (upstream, sha256-checked),
  ``deploy/static/provider/baremetal/deploy.yaml`` and ``deploy/static/provider/cloud/deploy.yaml``
  (both derived).

controller-v1.15.1 (2026-03-19) is the last ingress-nginx release (the project was retired in
March 2026).

Accepted URL forms, with ``http`` or ``https``, for each ``<ref>/<path>`` above:

- ``https://raw.githubusercontent.com/kubernetes/ingress-nginx/<ref>/<path>``
- ``https://raw.githubusercontent.com/kubernetes/ingress-nginx/refs/tags/<ref>/<path>``
- ``https://github.com/kubernetes/ingress-nginx/raw/<ref>/<path>``
- ``https://github.com/kubernetes/ingress-nginx/raw/refs/tags/<ref>/<path>``

``github.com/.../blob/...`` URLs are not accepted: they serve an HTML page, which kubectl
cannot parse either.
"""

from __future__ import annotations

import re
from importlib import resources

__all__ = ["BUNDLED", "bundled_manifest", "bundled_urls", "resolve"]

_REPO = "kubernetes/ingress-nginx"

#: (ref, path) -> fidelity of the bundled copy: ``"upstream"`` (the upstream text, byte for
#: byte), ``"derived"`` (built from an upstream file of a nearby release; a header comment says
#: how) or ``"reconstructed"`` (rebuilt from the nearest upstream version; header comment).
BUNDLED: dict[tuple[str, str], str] = {
    ("nginx-0.30.0", "deploy/static/mandatory.yaml"): "reconstructed",
    ("nginx-0.30.0", "deploy/static/provider/baremetal/service-nodeport.yaml"): "upstream",
    ("controller-v1.14.5", "deploy/static/provider/baremetal/deploy.yaml"): "upstream",
    ("controller-v1.14.5", "deploy/static/provider/kind/deploy.yaml"): "upstream",
    ("controller-v1.15.1", "deploy/static/provider/baremetal/deploy.yaml"): "derived",
    ("controller-v1.15.1", "deploy/static/provider/cloud/deploy.yaml"): "derived",
    ("controller-v1.15.1", "deploy/static/provider/kind/deploy.yaml"): "upstream",
}

_URL_RE = re.compile(
    r"^https?://(?:"
    r"raw\.githubusercontent\.com/(?P<repo1>[^/]+/[^/]+)/"
    r"|github\.com/(?P<repo2>[^/]+/[^/]+)/raw/"
    r")(?:refs/tags/)?(?P<ref>[^/]+)/(?P<path>.+)$"
)


def resolve(url: str) -> tuple[str, str] | None:
    """Return ``(ref, path)`` of a bundled file for ``url``, or ``None``."""
    m = _URL_RE.match(url.strip())
    if m is None:
        return None
    repo = m.group("repo1") or m.group("repo2")
    if repo != _REPO:
        return None
    key = (m.group("ref"), m.group("path"))
    return key if key in BUNDLED else None


def bundled_manifest(url: str) -> str | None:
    """The YAML text served at ``url`` if a copy is bundled, else ``None``."""
    key = resolve(url)
    if key is None:
        return None
    ref, path = key
    f = resources.files(__name__).joinpath("ingress-nginx", ref, *path.split("/"))
    return f.read_text(encoding="utf-8")


def bundled_urls() -> list[str]:
    """The canonical ``raw.githubusercontent.com`` URL of every bundled file."""
    return [f"https://raw.githubusercontent.com/{_REPO}/{ref}/{path}" for ref, path in BUNDLED]

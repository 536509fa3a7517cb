"""The narrow read-only seam every consumer of the store sees.

Printers, describers, kube-proxy, DNS and the ingress controller read objects through this
protocol only (as CoreDNS's ``dnsController`` interface), so their tests can feed static tables.
Objects are the API server's stored form: plain dicts in their versioned JSON shape (v1 Service,
apps/v1 Deployment …) after defaulting, with ``metadata.uid``, ``resourceVersion`` and
``creationTimestamp`` set. Readers must not mutate them.
"""

from __future__ import annotations

from typing import Protocol


class Reader(Protocol):
    def get(self, kind: str, namespace: str, name: str) -> dict | None:
        """The object of ``kind`` (e.g. ``"Service"``) or None; namespace ``""`` for cluster kinds."""

    def list(self, kind: str, namespace: str | None = None) -> list[dict]:
        """Objects of ``kind``, sorted by (namespace, name); ``namespace=None`` for all namespaces."""


class StaticReader:
    """A Reader over a fixed list of objects, for tests and offline rendering."""

    def __init__(self, objects: list[dict]) -> None:
        self._objects = list(objects)

    def get(self, kind: str, namespace: str, name: str) -> dict | None:
        for o in self._objects:
            md = o.get("metadata", {})
            if o.get("kind") == kind and md.get("name") == name and md.get("namespace", "") == (
                namespace or ""
            ):
                return o
        return None

    def list(self, kind: str, namespace: str | None = None) -> list[dict]:
        out = [
            o
            for o in self._objects
            if o.get("kind") == kind
            and (namespace is None or o.get("metadata", {}).get("namespace", "") == namespace)
        ]
        return sorted(
            out,
            key=lambda o: (o["metadata"].get("namespace", ""), o["metadata"]["name"]),
        )

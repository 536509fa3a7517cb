"""Small typed keys shared by the ingress modules (no raw "ns/name" strings between them)."""

from __future__ import annotations

from dataclasses import dataclass

INGRESS_CLASS_ANNOTATION = "kubernetes.io/ingress.class"
DEFAULT_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class"


@dataclass(frozen=True, order=True)
class IngressRef:
    """Namespace and name of an Ingress (ingress-nginx's ``k8s.MetaNamespaceKey``)."""

    namespace: str
    name: str

    def __str__(self) -> str:
        return f"{self.namespace}/{self.name}"

    @classmethod
    def of(cls, ing: dict) -> IngressRef:
        md = ing.get("metadata", {})
        return cls(md.get("namespace", ""), md.get("name", ""))


def annotations(obj: dict) -> dict[str, str]:
    return (obj.get("metadata") or {}).get("annotations") or {}


def creation_key(obj: dict) -> tuple[str, str, str]:
    """ingress-nginx's Ingress order: creationTimestamp, ties by "namespace/name".

    RFC 3339 UTC timestamps of the same shape sort correctly as strings.
    """
    md = obj.get("metadata", {})
    return (md.get("creationTimestamp", ""), md.get("namespace", ""), md.get("name", ""))

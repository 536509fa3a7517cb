"""Steps shared by the labs' checks: applying a student's manifest, finding objects, curling."""

from __future__ import annotations

from k8slab import ApiError, Cluster, ManifestError
from k8slab.checks.registry import Fallo


def es_texto(valor, nombre: str) -> str:
    if type(valor) is not str or not valor.strip():
        raise Fallo(f"{nombre} está vacío: escribe tu respuesta entre las comillas.")
    return valor


def aplicar(lab: Cluster, yaml_text: str, nombre: str) -> list[str]:
    """Apply the student's YAML; failures become Spanish feedback with kubectl's own text."""
    es_texto(yaml_text, nombre)
    try:
        return lab.apply(yaml_text)
    except ManifestError as err:
        linea = f" (línea {err.line})" if err.line else ""
        raise Fallo(f"{nombre} no es YAML válido{linea}. kubectl dice:\n{err.message}") from None
    except ApiError as err:
        pista = f"\n{err.hint_es}" if err.hint_es else ""
        raise Fallo(f"Kubernetes rechaza {nombre}. kubectl dice:\n{err.message}{pista}") from None


def unico(lab: Cluster, kind: str, lines: list[str], nombre: str) -> dict:
    """The one object of ``kind`` the student's manifest created."""
    prefix = {
        "Service": "service/",
        "Deployment": "deployment.apps/",
        "Ingress": "ingress.networking.k8s.io/",
        "Secret": "secret/",
        "Namespace": "namespace/",
    }[kind]
    names = [ln.split()[0][len(prefix) :] for ln in lines if ln.startswith(prefix)]
    if len(names) != 1:
        raise Fallo(
            f"{nombre} debe contener exactamente un objeto de tipo {kind} "
            f"(he encontrado {len(names)}). Revisa el campo kind."
        )
    for obj in lab.api.list(kind):
        if obj["metadata"]["name"] == names[0]:
            return obj
    raise Fallo(f"No encuentro el {kind} {names[0]} en el clúster.")


def pods_listos(lab: Cluster, ns: str, etiquetas: dict) -> list[dict]:
    out = []
    for p in lab.api.list("Pod", ns):
        labels = p["metadata"].get("labels") or {}
        if all(labels.get(k) == v for k, v in etiquetas.items()):
            if any(
                c["type"] == "Ready" and c["status"] == "True"
                for c in (p.get("status") or {}).get("conditions") or []
            ):
                out.append(p)
    return out


def endpoints_de(lab: Cluster, svc: dict) -> list[str]:
    """Ready ``ip:port`` endpoints of a Service (from its EndpointSlices)."""
    ns, name = svc["metadata"]["namespace"], svc["metadata"]["name"]
    out = []
    for s in lab.api.list("EndpointSlice", ns):
        if (s["metadata"].get("labels") or {}).get("kubernetes.io/service-name") != name:
            continue
        for e in s.get("endpoints") or []:
            if e["conditions"].get("ready"):
                for p in s.get("ports") or []:
                    out.append(f"{e['addresses'][0]}:{p['port']}")
    return sorted(out)


def ok() -> dict:
    return {"ok": True, "mensajes": []}

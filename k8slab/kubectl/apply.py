"""``kubectl apply`` / ``kubectl create`` of one decoded document.

The client half of the pipeline (kubernetes/kubectl ``pkg/cmd/apply/apply.go``, cli-runtime
``pkg/resource/mapper.go``): map apiVersion/kind to a served resource (``no matches for kind``),
settle the namespace (``-n`` versus ``metadata.namespace``), refuse a nameless object, then
hand the object to the API server, whose errors are printed as ``checkErr`` prints them.
"""

from __future__ import annotations

import copy

from k8slab import status
from k8slab.api.kinds import lookup
from k8slab.api.yamlload import Document
from k8slab.errors import ApiError

# Removed API versions students meet in older material, with the version that replaced them
# (https://kubernetes.io/docs/reference/using-api/deprecation-guide/).
REMOVED_APIS = {
    ("networking.k8s.io/v1beta1", "Ingress"): "networking.k8s.io/v1",
    ("extensions/v1beta1", "Ingress"): "networking.k8s.io/v1",
    ("extensions/v1beta1", "Deployment"): "apps/v1",
    ("apps/v1beta1", "Deployment"): "apps/v1",
    ("apps/v1beta2", "Deployment"): "apps/v1",
    ("extensions/v1beta1", "DaemonSet"): "apps/v1",
    ("apps/v1beta2", "DaemonSet"): "apps/v1",
    ("extensions/v1beta1", "ReplicaSet"): "apps/v1",
    ("networking.k8s.io/v1beta1", "IngressClass"): "networking.k8s.io/v1",
    ("discovery.k8s.io/v1beta1", "EndpointSlice"): "discovery.k8s.io/v1",
}


def apply_object(cluster, doc: Document, *, namespace: str | None, mode: str = "apply") -> str:
    """Apply (or create) one document; returns kubectl's line or raises ``ApiError``."""
    from k8slab.cluster import to_api_error

    obj = doc.obj
    api_version, kind_name = obj.get("apiVersion", ""), obj.get("kind", "")
    md = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    kind = lookup(api_version, kind_name)
    if kind is None:
        ns_shown = md.get("namespace", "") or ""
        msg = (
            f'error: resource mapping not found for name: "{md.get("name", "")}" namespace: '
            f'"{ns_shown}" from "{doc.filename}": no matches for kind "{kind_name}" in version '
            f'"{api_version}"\nensure CRDs are installed first'
        )
        raise ApiError(msg, hint=removed_api_hint(obj), hint_es=removed_api_hint(obj, "es"))
    obj = copy.deepcopy(obj)
    md = obj.setdefault("metadata", {})
    if kind.namespaced:
        own = md.get("namespace")
        if own and namespace and own != namespace:
            raise ApiError(
                f'error: the namespace from the provided object "{own}" does not match the '
                f"namespace \"{namespace}\". You must pass '--namespace={own}' to perform this "
                "operation."
            )
        md["namespace"] = own or namespace or "default"
    else:
        md.pop("namespace", None)
    if not md.get("name"):
        res = (
            f"/{kind.version}, Resource={kind.plural}"
            if not kind.group
            else (f"{kind.group}/{kind.version}, Resource={kind.plural}")
        )
        gvk = (
            f"/{kind.version}, Kind={kind.kind}"
            if not kind.group
            else (f"{kind.group}/{kind.version}, Kind={kind.kind}")
        )
        raise ApiError(
            "error: error when retrieving current configuration of:\n"
            f'Resource: "{res}", GroupVersionKind: "{gvk}"\n'
            f'Name: "", Namespace: "{md.get("namespace", "")}"\n'
            f'from server for: "{doc.filename}": resource name may not be empty'
        )
    exists = cluster.api.get(kind.kind, md.get("namespace", ""), md["name"]) is not None
    too_large = _request_too_large(obj, mode)
    if too_large is not None:
        raise to_api_error(status.with_source(too_large, "creating", doc.filename))
    err = _strict_error(obj, kind)
    if err is not None:
        raise to_api_error(
            status.with_source(
                status.bad_request(err),
                "creating" if not exists or mode == "create" else "patching",
                doc.filename,
            )
        )
    try:
        if mode == "create":
            cluster.api.create(obj)
            verb = "created"
        else:
            verb, _ = cluster.api.apply(obj)
    except status.StatusError as e:
        action = "creating" if (not exists or mode == "create") else "patching"
        raise to_api_error(status.with_source(e, action, doc.filename)) from None
    return f"{kind.name_prefix}/{md['name']} {verb}"


def removed_api_hint(obj: dict, lang: str = "en") -> str:
    """A k8slab hint after kubectl's error for an API version Kubernetes removed."""
    key = (obj.get("apiVersion", ""), obj.get("kind", ""))
    new = REMOVED_APIS.get(key)
    if new is None:
        return ""
    if lang == "es":
        hint = (
            f"Pista de k8slab: {key[1]} {key[0]} ya no existe en Kubernetes "
            f"(usa apiVersion: {new})."
        )
    else:
        hint = (
            f"k8slab hint: {key[1]} {key[0]} was removed from Kubernetes (use apiVersion: {new})."
        )
    if key[1] == "Ingress":
        from k8slab.api.ingress_convert import v1beta1_to_v1_yaml

        converted = v1beta1_to_v1_yaml(obj)
        if converted and lang == "es":
            hint += (
                " La versión v1 de Ingress renombró los campos del backend (serviceName/"
                "servicePort → service.name/service.port.number) y exige pathType. El mismo "
                "Ingress en networking.k8s.io/v1:\n\n" + converted
            )
        elif converted:
            hint += (
                " Ingress v1 also renamed the backend fields (serviceName/servicePort → "
                "service.name/service.port.number) and requires pathType. The same Ingress in "
                "networking.k8s.io/v1:\n\n" + converted
            )
    return hint


def _strict_error(obj: dict, kind) -> str | None:
    """The API server's strict-decoding failure (``Status.message``) for ``obj``, or None."""
    from k8slab.api.schema import decode_error_message, strict_decode

    errors = strict_decode(obj, kind)
    if not errors:
        return None
    return decode_error_message(kind.kind, kind.version, errors)


def _request_too_large(obj: dict, mode: str) -> status.StatusError | None:
    """The API server refuses request bodies over 3 MiB before decoding them.

    kube-apiserver's ``MaxRequestBodyBytes`` (3 * 1024 * 1024; kubernetes/kubernetes#105863):
    ``Request entity too large: limit is 3145728``. ``kubectl apply`` sends the object with its
    last-applied-configuration annotation, i.e. the manifest twice.
    """
    import json

    from k8slab.api.schema import MAX_REQUEST_BODY_BYTES

    size = len(json.dumps(obj, separators=(",", ":")).encode())
    if mode == "apply":
        size *= 2
    if size <= MAX_REQUEST_BODY_BYTES:
        return None
    return status.StatusError(
        "RequestEntityTooLarge", 413, f"Request entity too large: limit is {MAX_REQUEST_BODY_BYTES}"
    )

"""ControllerConfig: what an ingress-nginx controller was told by its flags and ConfigMap.

Flag names and defaults follow ingress-nginx ``pkg/flags/flags.go`` (controller v1.x):
``--ingress-class=nginx``, ``--controller-class=k8s.io/ingress-nginx``,
``--watch-ingress-without-class=false``, ``--ingress-class-by-name=false``,
``--default-ssl-certificate`` (``ns/name``), ``--default-backend-service`` (``ns/name``),
``--annotations-prefix=nginx.ingress.kubernetes.io``. ConfigMap keys and defaults follow
``docs/user-guide/nginx-configuration/configmap.md``: ``ssl-redirect: "true"``,
``force-ssl-redirect: "false"``, ``http-redirect-code: "308"``, ``server-tokens: "false"``,
``hsts: "true"`` (``max-age=31536000; includeSubDomains``), ``preserve-trailing-slash: "false"``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from k8slab.api.reader import Reader

DEFAULT_CONTROLLER_CLASS = "k8s.io/ingress-nginx"
DEFAULT_INGRESS_CLASS = "nginx"
DEFAULT_ANNOTATIONS_PREFIX = "nginx.ingress.kubernetes.io"


def parse_go_bool(value: object, default: bool) -> bool:
    """Go's strconv.ParseBool, which ingress-nginx uses for flags, annotations and ConfigMap keys.

    Anything it does not accept falls back to ``default`` (as the annotation parser does).
    """
    if isinstance(value, bool):
        return value
    s = str(value)
    if s in ("1", "t", "T", "TRUE", "true", "True"):
        return True
    if s in ("0", "f", "F", "FALSE", "false", "False"):
        return False
    return default


@dataclass(frozen=True)
class ControllerConfig:
    """The settings of one ingress-nginx controller that change routing.

    ``ingress_class`` is the ``--ingress-class`` value (compared with the deprecated
    ``kubernetes.io/ingress.class`` annotation); ``controller_class`` is ``--controller-class``
    (compared with IngressClass ``spec.controller``). ``default_ssl_certificate`` and
    ``default_backend_service`` are ``"ns/name"`` or None. The remaining fields are the global
    ConfigMap defaults that per-Ingress annotations can override.
    """

    ingress_class: str = DEFAULT_INGRESS_CLASS
    controller_class: str = DEFAULT_CONTROLLER_CLASS
    watch_ingress_without_class: bool = False
    ingress_class_by_name: bool = False
    default_ssl_certificate: str | None = None
    default_backend_service: str | None = None
    annotations_prefix: str = DEFAULT_ANNOTATIONS_PREFIX
    watch_namespace: str | None = None
    ssl_redirect: bool = True
    force_ssl_redirect: bool = False
    http_redirect_code: int = 308
    preserve_trailing_slash: bool = False
    server_tokens: bool = False
    hsts: bool = True
    hsts_max_age: int = 31536000
    hsts_include_subdomains: bool = True
    hsts_preload: bool = False
    version: str | None = None

    def annotation(self, key: str) -> str:
        """The full annotation name for ``key`` under this controller's prefix."""
        return f"{self.annotations_prefix}/{key}"

    def with_configmap(self, data: dict[str, str] | None) -> ControllerConfig:
        """This config with the ConfigMap keys that affect routing applied."""
        if not data:
            return self
        changes: dict[str, object] = {}
        for key, field, default in (
            ("ssl-redirect", "ssl_redirect", self.ssl_redirect),
            ("force-ssl-redirect", "force_ssl_redirect", self.force_ssl_redirect),
            ("preserve-trailing-slash", "preserve_trailing_slash", self.preserve_trailing_slash),
            ("server-tokens", "server_tokens", self.server_tokens),
            ("hsts", "hsts", self.hsts),
            ("hsts-include-subdomains", "hsts_include_subdomains", self.hsts_include_subdomains),
            ("hsts-preload", "hsts_preload", self.hsts_preload),
        ):
            if key in data:
                changes[field] = parse_go_bool(data[key], default)
        for key, field in (
            ("http-redirect-code", "http_redirect_code"),
            ("hsts-max-age", "hsts_max_age"),
        ):
            if key in data and str(data[key]).isdigit():
                changes[field] = int(data[key])
        return replace(self, **changes)  # type: ignore[arg-type]


def _expand(value: str, env: dict[str, str]) -> str:
    # Kubernetes expands $(VAR) in container args from the container's env (only literal
    # values and the fieldRefs resolved below); unknown references stay as written.
    out = value
    for k, v in env.items():
        out = out.replace(f"$({k})", v)
    return out


def _container_env(pod: dict, container: dict) -> dict[str, str]:
    env: dict[str, str] = {}
    md = pod.get("metadata", {})
    for e in container.get("env") or []:
        name = e.get("name")
        if not name:
            continue
        if "value" in e:
            env[name] = str(e["value"])
            continue
        path = ((e.get("valueFrom") or {}).get("fieldRef") or {}).get("fieldPath")
        if path == "metadata.namespace":
            env[name] = md.get("namespace", "")
        elif path == "metadata.name":
            env[name] = md.get("name", "")
    return env


def _controller_container(pod: dict) -> dict | None:
    containers = (pod.get("spec") or {}).get("containers") or []
    for c in containers:
        args = list(c.get("command") or []) + list(c.get("args") or [])
        if any("nginx-ingress-controller" in str(a) for a in args):
            return c
    for c in containers:
        if "ingress-nginx" in str(c.get("image", "")):
            return c
    return containers[0] if containers else None


def _image_version(image: str) -> str | None:
    tag = image.split("@", 1)[0].rsplit("/", 1)[-1]
    return tag.split(":", 1)[1] if ":" in tag else None


def controller_config_from_pod(
    pod: dict, *, reader: Reader | None = None, configmap: dict | None = None
) -> ControllerConfig:
    """Read a controller Pod's container args (and, optionally, its ConfigMap) into a config.

    Parameters:
    - ``pod``: the ingress-nginx controller Pod (its container runs ``/nginx-ingress-controller``).
    - ``reader``: when given, the ConfigMap named by ``--configmap`` is read through it.
    - ``configmap``: a ConfigMap object to use instead (wins over ``reader``).

    ``$(POD_NAMESPACE)``-style references are expanded from the container's env, as the kubelet
    does. Unknown flags are ignored.
    """
    container = _controller_container(pod) or {}
    env = _container_env(pod, container)
    args = [
        _expand(str(a), env)
        for a in list(container.get("command") or []) + list(container.get("args") or [])
    ]
    flags: dict[str, str] = {}
    i = 0
    while i < len(args):
        a = args[i]
        if a.startswith("--"):
            name, sep, val = a[2:].partition("=")
            if not sep:
                # Go's flag package: "--flag value" for non-bool flags, "--flag" alone for bools.
                if (
                    i + 1 < len(args)
                    and not args[i + 1].startswith("-")
                    and name not in _BOOL_FLAGS
                ):
                    val = args[i + 1]
                    i += 1
                else:
                    val = "true"
            flags[name] = val
        i += 1

    cfg = ControllerConfig(
        ingress_class=flags.get("ingress-class", DEFAULT_INGRESS_CLASS),
        controller_class=flags.get("controller-class", DEFAULT_CONTROLLER_CLASS),
        watch_ingress_without_class=parse_go_bool(
            flags.get("watch-ingress-without-class", "false"), False
        ),
        ingress_class_by_name=parse_go_bool(flags.get("ingress-class-by-name", "false"), False),
        default_ssl_certificate=flags.get("default-ssl-certificate") or None,
        default_backend_service=flags.get("default-backend-service") or None,
        annotations_prefix=flags.get("annotations-prefix", DEFAULT_ANNOTATIONS_PREFIX),
        watch_namespace=flags.get("watch-namespace") or None,
        version=_image_version(str(container.get("image", ""))),
    )
    if configmap is None and reader is not None and flags.get("configmap"):
        ns, _, name = flags["configmap"].partition("/")
        configmap = reader.get("ConfigMap", ns, name)
    if configmap is not None:
        cfg = cfg.with_configmap(configmap.get("data") or {})
    return cfg


_BOOL_FLAGS = {
    "watch-ingress-without-class",
    "ingress-class-by-name",
    "enable-ssl-passthrough",
    "update-status",
    "disable-catch-all",
}

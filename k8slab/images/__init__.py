"""What each known container image does, keyed by image name.

An image entry says which ports a container of that image serves (so readiness probes and
connections to other ports fail, as they would) and, with the data-plane issue, how it answers
requests. Images the kit does not know serve on their declared ``containerPorts``.
"""

from __future__ import annotations

from dataclasses import dataclass


def image_name(ref: str) -> str:
    """``docker.io/library/nginx:1.27@sha256:…`` → ``nginx``; keeps registry paths otherwise."""
    ref = ref.split("@", 1)[0]
    last = ref.rsplit("/", 1)[-1]
    if ":" in last:
        ref = ref[: len(ref) - len(last)] + last.split(":", 1)[0]
    for prefix in ("docker.io/library/", "docker.io/", "library/"):
        if ref.startswith(prefix):
            ref = ref[len(prefix) :]
    return ref


def _flag(args: list[str], names: tuple[str, ...]) -> str | None:
    """Value of a Go-style flag (``--http-port=8080``, ``-listen :5678``) in args."""
    for i, a in enumerate(args):
        for n in names:
            for dash in ("-", "--"):
                f = dash + n
                if a == f and i + 1 < len(args):
                    return args[i + 1]
                if a.startswith(f + "="):
                    return a.split("=", 1)[1]
    return None


@dataclass(frozen=True)
class Listener:
    port: int
    protocol: str = "TCP"


def serving_ports(container: dict) -> set[tuple[int, str]]:
    """The (port, protocol) pairs a container of this image actually listens on."""
    name = image_name(container.get("image", ""))
    args = [*(container.get("command") or []), *(container.get("args") or [])]
    declared = {
        (p.get("containerPort"), p.get("protocol", "TCP"))
        for p in container.get("ports") or []
        if isinstance(p.get("containerPort"), int)
    }
    if name.endswith("nginx") or name in ("nginxinc/nginx-unprivileged",):
        return {(80, "TCP")} if "unprivileged" not in name else {(8080, "TCP")}
    if name.endswith("e2e-test-images/agnhost") or name.endswith("/agnhost"):
        if "netexec" in args:
            http = int(_flag(args, ("http-port",)) or 8080)
            udp = int(_flag(args, ("udp-port",)) or 8081)
            return {(http, "TCP"), (udp, "UDP")}
        if "serve-hostname" in args:
            return {(int(_flag(args, ("port",)) or 9376), "TCP")}
        return declared
    if name.endswith("http-echo"):
        listen = _flag(args, ("listen",)) or ":5678"
        return {(int(listen.rsplit(":", 1)[-1]), "TCP")}
    if name.endswith("coredns/coredns") or name.endswith("coredns"):
        return {(53, "UDP"), (53, "TCP"), (8080, "TCP"), (8181, "TCP"), (9153, "TCP")}
    if "ingress-nginx/controller" in name:
        return {(80, "TCP"), (443, "TCP"), (8443, "TCP"), (10254, "TCP")}
    if name.endswith("kube-proxy"):
        return {(10249, "TCP"), (10256, "TCP")}
    if name in ("busybox", "alpine", "curlimages/curl", "nicolaka/netshoot"):
        return declared
    return declared


# --------------------------------------------------------------------------- logs and exec
NGINX_STARTUP = (
    "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform "
    "configuration",
    "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
    "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
    "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in "
    "/etc/nginx/conf.d/default.conf",
    "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
    "/docker-entrypoint.sh: Configuration complete; ready for start up",
)


def container_logs(cluster, pod: dict, container: dict) -> list[str]:
    """What ``kubectl logs`` shows for one container: start-up lines, then served requests."""
    name = image_name(container.get("image", ""))
    lines: list[str] = []
    if name.endswith("nginx"):
        lines += list(NGINX_STARTUP)
    key = (pod["metadata"]["namespace"], pod["metadata"]["name"], container["name"])
    lines += list(getattr(cluster.kubelet, "logs", {}).get(key, []))
    return lines


def run_in_container(
    cluster, pod: dict, container: dict, argv: list[str], stdin: str | None
) -> str:
    """``kubectl exec POD -- CMD``: the commands a lab runs inside a container."""
    from k8slab import bootstrap
    from k8slab.dns.resolvconf import pod_resolv_conf
    from k8slab.errors import ApiError

    cmd = argv[0].rsplit("/", 1)[-1] if argv else ""
    if cmd in ("sh", "bash", "ash") and len(argv) >= 3 and argv[1] == "-c":
        import shlex

        return run_in_container(cluster, pod, container, shlex.split(argv[2]), stdin)
    if cmd == "hostname":
        return (pod["spec"].get("hostname") or pod["metadata"]["name"]) + "\n"
    if cmd == "cat" and len(argv) == 2:
        path = argv[1]
        if path == "/etc/resolv.conf":
            return pod_resolv_conf(
                pod, dns_ip=bootstrap.DNS_SERVICE_IP, domain=bootstrap.CLUSTER_DOMAIN
            ).text()
        if path == "/etc/hostname":
            return (pod["spec"].get("hostname") or pod["metadata"]["name"]) + "\n"
        if path == "/etc/hosts":
            ip = (pod.get("status") or {}).get("podIP", "")
            host = pod["spec"].get("hostname") or pod["metadata"]["name"]
            return (
                "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n"
                "::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\n"
                "fe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n"
                f"{ip}\t{host}\n"
            )
        raise ApiError(
            f"cat: can't open '{path}': No such file or directory\n"
            "command terminated with exit code 1"
        )
    if cmd == "env":
        env = [
            f"HOSTNAME={pod['metadata']['name']}",
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        ]
        for e in container.get("env") or []:
            if "value" in e:
                env.append(f"{e['name']}={e['value']}")
        env += ["KUBERNETES_SERVICE_HOST=10.96.0.1", "KUBERNETES_SERVICE_PORT=443"]
        return "".join(x + "\n" for x in env)
    if cmd in ("curl", "wget", "nslookup", "dig", "host"):
        from k8slab.images.tools import run_network_tool

        return run_network_tool(cluster, pod, container, cmd, argv[1:])
    if cmd == "echo":
        return " ".join(argv[1:]) + "\n"
    raise ApiError(
        "error: Internal error occurred: error executing command in container: failed to exec "
        f'in container: failed to start exec "{_digest_short(argv)}": OCI runtime exec failed: '
        "exec failed: unable to start container process: exec: "
        f'"{argv[0] if argv else ""}": executable file not found in $PATH: unknown'
    )


def _digest_short(argv: list[str]) -> str:
    import hashlib

    return hashlib.sha256(" ".join(argv).encode()).hexdigest()

"""``kubectl logs`` and ``kubectl exec`` (the commands that run inside a pod's container).

``exec`` supports what the course runs in a pod: ``hostname``, ``cat /etc/resolv.conf``,
``cat /etc/hosts``, ``env``; network tools (curl, wget, nslookup) arrive with the data plane.
"""

from __future__ import annotations

from k8slab.errors import ApiError


def _pod_and_container(cluster, args, verb: str) -> tuple[dict, dict]:
    ns = str(args.get("namespace") or "default")
    if not args.positional:
        if verb == "logs":
            raise ApiError(
                "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\n"
                "POD or TYPE/NAME is a required argument for the logs command\n"
                "See 'kubectl logs -h' for help and examples"
            )
        raise ApiError("error: pod, type/name or --filename must be specified")
    target = args.positional[0]
    pod = None
    if "/" in target:
        t, name = target.split("/", 1)
        from k8slab.api.kinds import resolve_resource
        from k8slab.controllers.common import owned

        k = resolve_resource(t)
        if k is None:
            raise ApiError(f'error: the server doesn\'t have a resource type "{t}"')
        obj = cluster.api.get(k.kind, ns, name)
        if obj is None:
            raise ApiError(
                f'Error from server (NotFound): {k.resource} "{name}" not found',
                reason="NotFound",
                code=404,
            )
        if k.kind == "Pod":
            pod = obj
        else:
            pods = []
            if k.kind == "Deployment":
                for rs in owned(cluster.api, "ReplicaSet", obj):
                    pods += owned(cluster.api, "Pod", rs)
            else:
                pods = owned(cluster.api, "Pod", obj)
            pods.sort(key=lambda p: p["metadata"]["name"])
            if not pods:
                raise ApiError("error: timed out waiting for the condition")
            pod = pods[0]
    else:
        pod = cluster.api.get("Pod", ns, target)
        if pod is None:
            raise ApiError(
                f'Error from server (NotFound): pods "{target}" not found',
                reason="NotFound",
                code=404,
            )
    containers = pod["spec"].get("containers") or []
    cname = args.get("container")
    if cname:
        match = [c for c in containers if c["name"] == cname]
        if not match:
            names = " ".join(c["name"] for c in containers)
            raise ApiError(
                f"Error from server (BadRequest): container {cname} is not valid for "
                f"pod {pod['metadata']['name']}"
                if verb == "logs"
                else f'error: unable to upgrade connection: container not found ("{cname}")'
                if names
                else ""
            )
        return pod, match[0]
    return pod, containers[0]


def logs(cluster, args) -> str:
    pod, container = _pod_and_container(cluster, args, "logs")
    from k8slab.images import container_logs

    lines = container_logs(cluster, pod, container)
    tail = args.get("tail")
    if tail is not None:
        n = int(str(tail))
        if n >= 0:
            lines = lines[-n:] if n else []
    return "".join(line + "\n" for line in lines)


def exec_(cluster, args, stdin: str | None) -> str:
    if not args.after_dash:
        raise ApiError("error: you must specify at least one command for the container")
    pod, container = _pod_and_container(cluster, args, "exec")
    from k8slab.images import run_in_container

    return run_in_container(cluster, pod, container, list(args.after_dash), stdin)

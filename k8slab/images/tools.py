"""Network tools run inside a container with ``kubectl exec``: curl, wget, nslookup, dig.

They go through the same paths as ``lab.curl`` and ``lab.dns`` (``k8slab.net``), from the pod
they run in, and print what the real tools print: curl 8.x (``curl: (6) Could not resolve
host: nginx``), busybox wget (``wget: bad address 'nginx'``), nslookup in the busybox 1.28 style
for busybox images and bind's style elsewhere (dnsutils), ``dig +short``.
"""

from __future__ import annotations

from k8slab.errors import ApiError
from k8slab.images import image_name

# Which images ship which tools (a distroless image has no shell and no tools at all).
_NO_TOOLS = ("http-echo", "coredns", "kube-proxy", "pause")
_BUSYBOX = ("busybox",)


def _available(container: dict, tool: str) -> bool:
    name = image_name(container.get("image", ""))
    if any(name.endswith(x) for x in _NO_TOOLS):
        return False
    if any(name.endswith(x) for x in _BUSYBOX):
        return tool in ("wget", "nslookup")
    if name.endswith("curlimages/curl") or name.endswith("/curl"):
        return tool in ("curl", "wget", "nslookup")
    if name.endswith("nginx") and "ingress" not in name:
        return tool == "curl"  # the Debian-based nginx image ships curl, not dnsutils/wget
    return True


def _not_found(container: dict, tool: str) -> ApiError:
    return ApiError(
        "error: Internal error occurred: error executing command in container: failed to exec "
        "in container: failed to start exec: OCI runtime exec failed: exec failed: unable to "
        f'start container process: exec: "{tool}": executable file not found in $PATH: unknown'
    )


def _exit(text: str, code: int) -> ApiError:
    e = ApiError(f"{text}command terminated with exit code {code}")
    return e


def run_network_tool(cluster, pod: dict, container: dict, tool: str, args: list[str]) -> str:
    if not _available(container, tool):
        raise _not_found(container, tool)
    ref = f"{pod['metadata']['namespace']}/{pod['metadata']['name']}"
    if tool == "curl":
        return _curl(cluster, ref, args)
    if tool == "wget":
        return _wget(cluster, ref, args)
    return _lookup(cluster, pod, container, ref, tool, args)


def _curl(cluster, ref: str, args: list[str]) -> str:
    from k8slab.net import curl

    headers: dict[str, str] = {}
    method = "GET"
    include = silent = show_error = insecure = head = False
    url = None
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("-H", "--header") and i + 1 < len(args):
            k, _, v = args[i + 1].partition(":")
            headers[k.strip()] = v.strip()
            i += 2
            continue
        if a in ("-X", "--request") and i + 1 < len(args):
            method = args[i + 1]
            i += 2
            continue
        if a in ("-m", "--max-time", "--connect-timeout", "-o", "--output", "-w"):
            i += 2
            continue
        if a.startswith("-") and not a.startswith("--") and len(a) > 1:
            for ch in a[1:]:
                include |= ch == "i"
                silent |= ch == "s"
                show_error |= ch == "S"
                insecure |= ch == "k"
                head |= ch == "I"
            i += 1
            continue
        if a in ("--include",):
            include = True
        elif a in ("--silent",):
            silent = True
        elif a in ("--insecure",):
            insecure = True
        elif a in ("--head",):
            head = True
        elif not a.startswith("-"):
            url = a
        i += 1
    if url is None:
        raise _exit(
            "curl: (2) no URL specified\ncurl: try 'curl --help' or 'curl --manual' for "
            "more information\n",
            2,
        )
    resp = curl(
        cluster,
        url,
        headers=headers,
        method="HEAD" if head else method,
        from_=ref,
        insecure=insecure,
    )
    if resp.error is not None:
        text = "" if silent and not show_error else resp.curl_output()
        raise _exit(text, resp.curl_exit)
    return resp.curl_output(include_headers=include or head)


def _wget(cluster, ref: str, args: list[str]) -> str:
    from k8slab.net import curl

    url = next((a for a in args if not a.startswith("-") and a != "-"), None)
    quiet = any(a in ("-q", "-qO-", "-qO", "--quiet") for a in args)
    if url is None:
        raise _exit(
            "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\n"
            "Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] URL...\n",
            1,
        )
    resp = curl(cluster, url, from_=ref)
    if resp.error is not None:
        if resp.curl_exit == 6:
            host = resp.error.split(": ", 1)[-1]
            raise _exit(f"wget: bad address '{host}'\n", 1)
        if resp.curl_exit == 28:
            raise _exit("wget: download timed out\n", 1)
        raise _exit(f"wget: can't connect to remote host: {resp.error}\n", 1)
    if resp.status >= 400:
        prefix = "" if quiet else f"Connecting to {url}\n"
        raise _exit(
            f"{prefix}wget: server returned error: HTTP/1.1 {resp.status} {_reason(resp.status)}\n",
            1,
        )
    return resp.body if quiet else f"Connecting to {url}\nwriting to stdout\n{resp.body}"


def _reason(status: int) -> str:
    from k8slab.images.http import REASONS

    return REASONS.get(status, "")


def _lookup(cluster, pod: dict, container: dict, ref: str, tool: str, args: list[str]) -> str:
    from k8slab import bootstrap
    from k8slab.dns import dig_short, nslookup_exit_code, nslookup_output
    from k8slab.net import dns_lookup, resolve_client

    names = [a for a in args if not a.startswith("-") and not a.startswith("+")]
    if not names:
        raise _exit(f"{tool}: a name is required\n", 1)
    name = names[0]
    qtype = names[1].upper() if tool == "dig" and len(names) > 1 else "A"
    client = resolve_client(cluster, ref)
    style = "busybox" if image_name(container.get("image", "")).endswith("busybox") else "bind"
    if tool == "dig":
        search = "+search" in args
        ans = dns_lookup(cluster, client, name, qtype, search=search)
        return dig_short(ans)
    ans = dns_lookup(cluster, client, name, "A")
    aaaa = None
    if style == "bind":
        aaaa = dns_lookup(cluster, client, name, "AAAA")
    reverse = None
    if style == "busybox":

        def reverse(ip: str) -> str | None:
            from k8slab.dns import query

            ptr = query(cluster.api, ".".join(reversed(ip.split("."))) + ".in-addr.arpa.", "PTR")
            return ptr.answers[0] if ptr.answers else None

    out = nslookup_output(ans, bootstrap.DNS_SERVICE_IP, style=style, aaaa=aaaa, reverse=reverse)
    code = nslookup_exit_code(ans, aaaa)
    if code:
        raise _exit(out, code)
    return out

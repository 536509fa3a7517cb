"""A pod's containers as one real process: ``python -m k8slab.dataplane.podserver SPEC.json``.

Started with ``ip netns exec <pod netns> …``, it listens on every TCP port the pod's images
serve (``k8slab.images.serving_ports``) and answers each request with the image's handler from
``k8slab.images.behaviours`` — the same code the simulator calls, now behind a real socket.
Ports that speak no HTTP (CoreDNS's, the ingress controller's: see README) accept and close,
which curl reports as "Empty reply from server". A closed port is refused by the kernel.

Every answer carries one extra header, ``X-K8slab-Pod: NS/NAME``, so a client can tell which
pod answered; ``k8slab.dataplane``'s client removes it again. Log lines (nginx's access log, …)
go to the spec's log file. It prints ``ready`` once every port listens.
"""

from __future__ import annotations

import ctypes
import datetime
import json
import signal
import socket
import socketserver
import sys
import threading

from k8slab.images import serving_ports
from k8slab.images.behaviours import handler_for
from k8slab.images.context import HandlerContext
from k8slab.images.http import REASONS, HttpRequest

POD_HEADER = "X-K8slab-Pod"
PR_SET_PDEATHSIG = 1
MAX_HEADER_LINES = 100


class _Clock:
    @staticmethod
    def now() -> datetime.datetime:
        return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)


class _LogFile:
    def __init__(self, path: str | None) -> None:
        self._f = open(path, "a", buffering=1) if path else None  # noqa: SIM115
        self._lock = threading.Lock()

    def append(self, line: str) -> None:
        if self._f is not None:
            with self._lock:
                self._f.write(line + "\n")


class _Logs:
    """Stands in for ``kubelet.logs``: handlers ``setdefault(key, []).append(line)``."""

    def __init__(self, sink: _LogFile) -> None:
        self._sink = sink

    def setdefault(self, key, default=None):
        return self._sink


class _Kubelet:
    def __init__(self, sink: _LogFile) -> None:
        self.logs = _Logs(sink)


class PodRuntime:
    """What a handler's ``ctx.cluster`` needs: a clock and the kubelet's log store."""

    def __init__(self, log_path: str | None) -> None:
        self.clock = _Clock()
        self.kubelet = _Kubelet(_LogFile(log_path))


def _read_request(rfile) -> tuple[str, str, list[tuple[str, str]], bytes] | None:
    line = rfile.readline(65537)
    if not line:
        return None
    parts = line.decode("latin-1").strip().split()
    if len(parts) != 3 or not parts[2].startswith("HTTP/"):
        return None
    method, target = parts[0], parts[1]
    headers: list[tuple[str, str]] = []
    for _ in range(MAX_HEADER_LINES):
        h = rfile.readline(65537).decode("latin-1")
        if h in ("\r\n", "\n", ""):
            break
        name, _, value = h.partition(":")
        headers.append((name.strip(), value.strip()))
    length = next((v for k, v in headers if k.lower() == "content-length"), "0")
    body = rfile.read(int(length)) if length.isdigit() and int(length) > 0 else b""
    return method, target, headers, body


def make_server(pod: dict, container: dict, port: int, runtime: PodRuntime):
    handler = handler_for(container)
    ref = f"{pod['metadata']['namespace']}/{pod['metadata']['name']}"

    class Handler(socketserver.StreamRequestHandler):
        timeout = 5

        def handle(self) -> None:
            if handler is None:
                return  # accept and close: this port speaks no HTTP here
            try:
                got = _read_request(self.rfile)
            except (OSError, ValueError):
                return
            if got is None:
                return
            method, target, headers, _body = got
            client_ip, client_port = self.client_address[:2]
            req = HttpRequest(method, target, tuple(headers), client_ip, client_port, "http", port)
            out = handler(req, HandlerContext(runtime, pod, container, port))
            head = f"HTTP/1.1 {out.status} {REASONS.get(out.status, '')}\r\n"
            head += "".join(f"{k}: {v}\r\n" for k, v in out.headers)
            head += f"{POD_HEADER}: {ref}\r\n\r\n"
            self.wfile.write(head.encode("latin-1") + out.body.encode())

    class Server(socketserver.ThreadingTCPServer):
        allow_reuse_address = True
        daemon_threads = True

    return Server(("0.0.0.0", port), Handler)


def serve(spec: dict) -> None:
    if spec.get("die_with_parent"):
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    pod = spec["pod"]
    runtime = PodRuntime(spec.get("log"))
    servers = []
    taken: set[int] = set()
    for c in pod["spec"].get("containers") or []:
        for port, proto in sorted(serving_ports(c)):
            if proto != "TCP" or not isinstance(port, int) or port in taken:
                continue
            taken.add(port)
            servers.append(make_server(pod, c, port, runtime))
    for s in servers:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    print("ready " + " ".join(str(s.server_address[1]) for s in servers), flush=True)
    stop.wait()
    for s in servers:
        s.server_close()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    with open(argv[0]) as f:
        spec = json.load(f)
    try:
        serve(spec)
    except OSError as err:
        print(f"error: {err}", flush=True)
        return 1
    return 0


if __name__ == "__main__":
    socket.setdefaulttimeout(None)
    sys.exit(main())

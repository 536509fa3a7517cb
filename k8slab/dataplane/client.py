"""curl through the real kernel: one HTTP request from a namespace, as a ``Response``.

The socket is created inside the client's namespace (``netns.entered``) and used from there on
like any socket, so the request leaves through that namespace's routes and every netfilter hook
on its way. Errors use curl's words, as ``lab.curl`` does: ``Connection refused``,
``Connection timed out``, ``No route to host``, ``Empty reply from server``.
"""

from __future__ import annotations

import errno
import socket
import time

from k8slab.dataplane import netns
from k8slab.dataplane.podserver import POD_HEADER
from k8slab.net import CURL_USER_AGENT, CurlError, Response, parse_url
from k8slab.trace import NoteHop

CONNECT_TIMEOUT = 1.0  # seconds: short, so a DROP costs the tests little
READ_TIMEOUT = 3.0
MAX_RESPONSE = 1 << 20

_ERRNO_WORDS = {
    errno.ECONNREFUSED: (7, "Connection refused"),
    errno.EHOSTUNREACH: (7, "No route to host"),
    errno.ENETUNREACH: (7, "Network is unreachable"),
    errno.ECONNRESET: (56, "Connection reset by peer"),
    errno.ETIMEDOUT: (28, "Connection timed out"),
}


def _fail(resp: Response, code: int, short: str, message: str | None = None) -> Response:
    resp.error, resp.curl_exit = short, code
    resp.curl_message = message or short
    return resp


def request_bytes(method: str, host_header: str, target: str, headers: dict[str, str]) -> bytes:
    out = {"Host": host_header, "User-Agent": CURL_USER_AGENT, "Accept": "*/*"}
    for k, v in headers.items():
        canon = next((h for h in out if h.lower() == k.lower()), k)
        out[canon] = v
    lines = [f"{method} {target} HTTP/1.1", *(f"{k}: {v}" for k, v in out.items()), "", ""]
    return "\r\n".join(lines).encode("latin-1")


def _parse(raw: bytes, method: str, resp: Response) -> Response:
    head, sep, body = raw.partition(b"\r\n\r\n")
    if not sep:
        return _fail(resp, 52, "Empty reply from server")
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[1].isdigit():
        return _fail(resp, 1, "Received HTTP/0.9 when not allowed")
    resp.status = int(parts[1])
    for line in lines[1:]:
        k, _, v = line.partition(":")
        if k.strip().lower() == POD_HEADER.lower():
            resp.pod = v.strip()
        else:
            resp.headers[k.strip()] = v.strip()
    resp.body = "" if method == "HEAD" else body.decode("utf-8", "replace")
    return resp


def kernel_curl(
    ns: str,
    ip: str,
    port: int,
    *,
    target: str = "/",
    host_header: str | None = None,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    connect_timeout: float = CONNECT_TIMEOUT,
) -> Response:
    """One request to ``ip:port`` from namespace ``ns``; ``.pod`` is the pod that answered."""
    resp = Response(url=f"http://{ip}:{port}{target}")
    resp.trace.add(NoteHop(f"sent by the Linux kernel from network namespace {ns}"))
    with netns.entered(ns):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.settimeout(connect_timeout)
        try:
            sock.connect((ip, port))
        except TimeoutError:
            return _fail(resp, 28, "Connection timed out")
        except OSError as err:
            code, short = _ERRNO_WORDS.get(err.errno, (7, err.strerror or str(err)))
            return _fail(resp, code, short)
        host = host_header or (ip if port == 80 else f"{ip}:{port}")
        sock.settimeout(READ_TIMEOUT)
        sock.sendall(request_bytes(method.upper(), host, target, headers or {}))
        raw = _read_response(sock, method.upper())
    except TimeoutError:
        return _fail(resp, 28, "Operation timed out")
    except ConnectionResetError:
        return _fail(resp, 56, "Recv failure: Connection reset by peer")
    finally:
        sock.close()
    return _parse(raw, method.upper(), resp)


def _read_response(sock: socket.socket, method: str) -> bytes:
    raw = b""
    deadline = time.monotonic() + READ_TIMEOUT
    while len(raw) < MAX_RESPONSE and time.monotonic() < deadline:
        chunk = sock.recv(65536)
        if not chunk:
            break
        raw += chunk
        head, sep, body = raw.partition(b"\r\n\r\n")
        if sep:
            if method == "HEAD":
                break
            length = None
            for line in head.split(b"\r\n")[1:]:
                k, _, v = line.partition(b":")
                if k.strip().lower() == b"content-length" and v.strip().isdigit():
                    length = int(v.strip())
            if length is not None and len(body) >= length:
                break
    return raw


def split_url(url: str) -> tuple[str, int, str, str | None]:
    """(host, port, target, Host header or None) of a curl-style URL; http only."""
    u = parse_url(url)
    if u.scheme != "http":
        raise CurlError(1, "k8slab.dataplane speaks plain http only")
    return u.host, u.port, u.target, None

"""HTTP as the simulated containers speak it: requests in, responses out.

Each known image is a request → response handler (in the spirit of httpx's ``MockTransport``),
registered by image name in ``k8slab.images.behaviours``. A handler sees the request as the
container's socket would: the client address after any NAT, the Host header, the path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class HttpRequest:
    method: str
    target: str  # path + query, as on the request line
    headers: tuple[tuple[str, str], ...]
    client_ip: str
    client_port: int
    scheme: str = "http"
    local_port: int = 80

    @property
    def path(self) -> str:
        return urlsplit(self.target).path or "/"

    @property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.target).query, keep_blank_values=True)

    def header(self, name: str, default: str = "") -> str:
        low = name.lower()
        for k, v in self.headers:
            if k.lower() == low:
                return v
        return default


@dataclass(frozen=True)
class HttpResponse:
    status: int
    body: str = ""
    headers: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def header_dict(self) -> dict[str, str]:
        return {k: v for k, v in self.headers}


REASONS = {
    200: "OK",
    301: "Moved Permanently",
    302: "Found",
    304: "Not Modified",
    308: "Permanent Redirect",
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    405: "Not Allowed",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Temporarily Unavailable",
    504: "Gateway Time-out",
}

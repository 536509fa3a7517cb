"""The bodies and headers nginx itself sends for the answers ingress-nginx generates.

Bytes follow nginx ``src/http/ngx_http_special_response.c`` (current nginx, which dropped the old
``bgcolor="white"``): a page is ``<html>`` / ``<head><title>CODE TEXT</title></head>`` /
``<body>`` / ``<center><h1>CODE TEXT</h1></center>`` followed by the tail
``<hr><center>nginx</center>`` ``</body>`` ``</html>``, every line ending in CRLF. ingress-nginx
sets ``server_tokens off`` by default (ConfigMap ``server-tokens: "false"``), so the tail and the
``Server`` header say ``nginx`` without a version. With the same defaults the 308 page is 164 bytes,
matching captured ``curl -v`` output of ingress-nginx redirects.

For status ≥ 400, nginx appends six padding comment lines when the client looks like MSIE or
Chrome (``msie_padding on`` by default; ``ngx_http_msie_padding``; detection in
``ngx_http_request.c``: "MSIE " without "Opera", or "Chrome/" when neither MSIE, Opera nor
"Gecko/" matched). curl and wget get no padding.

Which layer answers: 404 comes from the controller's default backend (nginx ``return 404``), 503
from the Lua balancer when the upstream has no endpoints, 308 from ingress-nginx's Lua
``ngx.redirect`` (``http-redirect-code``), 301 from nginx's own location auto-redirect.
"""

from __future__ import annotations

CRLF = "\r\n"

from k8slab.images.http import REASONS  # noqa: E402  (one table of reason phrases)

MSIE_PADDING = ("<!-- a padding to disable MSIE and Chrome friendly error page -->" + CRLF) * 6


def error_tail(*, server_tokens: bool = False, version: str = "1.27.1") -> str:
    """``ngx_http_error_tail`` (or ``ngx_http_error_full_tail`` with server_tokens on)."""
    who = f"nginx/{version}" if server_tokens else "nginx"
    return f"<hr><center>{who}</center>{CRLF}</body>{CRLF}</html>{CRLF}"


def wants_padding(user_agent: str | None) -> bool:
    """nginx's MSIE/Chrome detection for the friendly-error-page padding."""
    if not user_agent:
        return False
    msie = "MSIE " in user_agent
    opera = "Opera" in user_agent
    if opera:
        return False
    if msie:
        return True
    return "Gecko/" not in user_agent and "Chrome/" in user_agent


def error_page(status: int, *, server_tokens: bool = False, user_agent: str | None = None) -> str:
    """The exact body nginx sends for ``status`` (301, 308, 404, 503, …)."""
    line = f"{status} {REASONS[status]}"
    body = (
        f"<html>{CRLF}<head><title>{line}</title></head>{CRLF}<body>{CRLF}"
        f"<center><h1>{line}</h1></center>{CRLF}" + error_tail(server_tokens=server_tokens)
    )
    if status >= 400 and wants_padding(user_agent):
        body += MSIE_PADDING
    return body


def server_header(*, server_tokens: bool = False, version: str = "1.27.1") -> str:
    return f"nginx/{version}" if server_tokens else "nginx"


def response_headers(
    status: int,
    body: str,
    *,
    location: str | None = None,
    hsts: str | None = None,
    server_tokens: bool = False,
) -> tuple[tuple[str, str], ...]:
    """Headers nginx sends with a generated page (no Date: the simulation has no wall clock)."""
    out = [
        ("Server", server_header(server_tokens=server_tokens)),
        ("Content-Type", "text/html"),
        ("Content-Length", str(len(body.encode()))),
        ("Connection", "keep-alive"),
    ]
    if location is not None:
        out.append(("Location", location))
    if hsts is not None:
        out.append(("Strict-Transport-Security", hsts))
    return tuple(out)

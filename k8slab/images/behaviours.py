"""What each known image answers, and what it writes to its log.

* ``nginx`` (docker-library image): the stock ``index.html`` on ``/`` and ``/index.html``, its
  error pages elsewhere (CRLF line endings, ``server_tokens`` on), and one access-log line per
  request in the image's ``main`` log format (``/etc/nginx/nginx.conf``)::

      $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent
      "$http_referer" "$http_user_agent" "$http_x_forwarded_for"

* ``registry.k8s.io/e2e-test-images/agnhost … netexec`` (kubernetes/kubernetes
  ``test/images/agnhost/netexec/netexec.go``): ``/hostname`` → the pod's hostname,
  ``/echo?msg=…`` → msg, ``/clientip`` → ``ip:port`` of the client, ``/`` → ``NOW: <time>``.
* ``hashicorp/http-echo`` (hashicorp/http-echo ``server.go``): every path answers ``-text`` and
  a newline, with ``X-App-Name``/``X-App-Version`` headers.
* Images the kit does not know: a k8slab page naming the pod and container, on every declared
  containerPort (documented in README.md "Container behaviour").
"""

from __future__ import annotations

from k8slab.images import _flag, image_name
from k8slab.images.http import REASONS, HttpRequest, HttpResponse

NGINX_DEFAULT_VERSION = "1.27.5"

NGINX_INDEX = """<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
"""


def nginx_version(image: str) -> str:
    ref = image.split("@", 1)[0]
    last = ref.rsplit("/", 1)[-1]
    tag = last.split(":", 1)[1] if ":" in last else "latest"
    parts = tag.split("-", 1)[0].split(".")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return ".".join(parts)
    return NGINX_DEFAULT_VERSION


def nginx_error_page(status: int, server: str) -> str:
    """nginx's built-in error page (src/http/ngx_http_special_response.c), CRLF line ends."""
    title = f"{status} {REASONS.get(status, '')}"
    return (
        f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n"
        f"<center><h1>{title}</h1></center>\r\n<hr><center>{server}</center>\r\n"
        "</body>\r\n</html>\r\n"
    )


def nginx(req: HttpRequest, ctx) -> HttpResponse:
    server = f"nginx/{nginx_version(ctx.container.get('image', ''))}"
    headers = [("Server", server), ("Date", ctx.http_date), ("Content-Type", "text/html")]
    if req.method not in ("GET", "HEAD"):
        body = nginx_error_page(405, server)
        status = 405
    elif req.path in ("/", "/index.html"):
        body, status = NGINX_INDEX, 200
        headers += [
            ("Last-Modified", "Wed, 16 Apr 2025 12:01:11 GMT"),
            ("ETag", '"67ff9c07-267"'),
            ("Accept-Ranges", "bytes"),
        ]
    else:
        body, status = nginx_error_page(404, server), 404
    headers.insert(3, ("Content-Length", str(len(body.encode()))))
    headers.append(("Connection", "keep-alive"))
    sent = 0 if req.method == "HEAD" else len(body.encode())
    ctx.log(
        f'{req.client_ip} - - [{ctx.log_time}] "{req.method} {req.target} HTTP/1.1" {status} '
        f'{sent} "{req.header("Referer") or "-"}" "{req.header("User-Agent") or "-"}" '
        f'"{req.header("X-Forwarded-For") or "-"}"'
    )
    return HttpResponse(status, "" if req.method == "HEAD" else body, tuple(headers))


def agnhost_netexec(req: HttpRequest, ctx) -> HttpResponse:
    hostname = ctx.hostname
    base = [("Date", ctx.http_date), ("Content-Type", "text/plain; charset=utf-8")]
    if req.path == "/hostname":
        body = hostname
    elif req.path == "/echo":
        body = (req.query.get("msg") or [""])[0]
    elif req.path == "/clientip":
        body = f"{req.client_ip}:{req.client_port}"
    elif req.path == "/healthz" or req.path == "/readyz":
        body = "ok"
    elif req.path == "/":
        body = f"NOW: {ctx.go_time}"
    else:
        body = "404 page not found\n"
        return HttpResponse(
            404,
            body,
            (*base, ("X-Content-Type-Options", "nosniff"), ("Content-Length", str(len(body)))),
        )
    ctx.log(f"GET {req.path}")
    return HttpResponse(200, body, (*base, ("Content-Length", str(len(body.encode())))))


def http_echo(req: HttpRequest, ctx) -> HttpResponse:
    args = [*(ctx.container.get("command") or []), *(ctx.container.get("args") or [])]
    text = _flag(args, ("text",))
    if text is None:
        text = ""
    body = text + "\n"
    ctx.log(
        f"{ctx.host_port} {req.header('Host')} {req.client_ip}:{req.client_port} "
        f'"{req.method} {req.target} HTTP/1.1" 200 {len(body.encode())} '
        f'"{req.header("User-Agent") or "-"}" 0s'
    )
    return HttpResponse(
        200,
        body,
        (
            ("X-App-Name", "http-echo"),
            ("X-App-Version", "1.0.0"),
            ("Date", ctx.http_date),
            ("Content-Length", str(len(body))),
            ("Content-Type", "text/plain; charset=utf-8"),
        ),
    )


def generic(req: HttpRequest, ctx) -> HttpResponse:
    body = (
        f"k8slab: container {ctx.container['name']!s} of pod {ctx.pod_ref} "
        f"(image {ctx.container.get('image', '')}) answered {req.method} {req.target} "
        f"on port {req.local_port}\n"
    )
    ctx.log(f'{req.client_ip} "{req.method} {req.target}" 200')
    return HttpResponse(
        200,
        body,
        (
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Length", str(len(body.encode()))),
        ),
    )


def handler_for(container: dict):
    """The request handler for a container's image (None: the container speaks no HTTP)."""
    name = image_name(container.get("image", ""))
    args = [*(container.get("command") or []), *(container.get("args") or [])]
    if name.endswith("nginx") and "ingress" not in name:
        return nginx
    if name.endswith("agnhost"):
        return agnhost_netexec if "netexec" in args else generic
    if name.endswith("http-echo"):
        return http_echo
    if "ingress-nginx/controller" in name:
        return None  # answered by k8slab.ingress through the packet walk
    if name.endswith("coredns") or name.endswith("kube-proxy"):
        return None
    return generic

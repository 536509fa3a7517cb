"""nginx's generated pages, byte for byte (nginx src/http/ngx_http_special_response.c, current
form without bgcolor; ingress-nginx runs with server_tokens off)."""

from __future__ import annotations

from k8slab.ingress import pages

PAGE_404 = (
    "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n"
    "<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)


def test_404_page_exact_bytes() -> None:
    assert pages.error_page(404) == PAGE_404
    assert len(PAGE_404) == 146


def test_308_page_is_164_bytes_as_captured_from_ingress_nginx() -> None:
    """curl -v against ingress-nginx shows `Content-Length: 164` for the 308 page."""
    body = pages.error_page(308)
    assert "<title>308 Permanent Redirect</title>" in body and len(body.encode()) == 164


def test_503_page_title() -> None:
    assert "<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n" in pages.error_page(
        503
    )


def test_server_tokens_on_shows_version() -> None:
    assert "<hr><center>nginx/" in pages.error_page(404, server_tokens=True)


def test_msie_chrome_padding_only_for_errors() -> None:
    chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"
    firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0"
    assert len(pages.error_page(404, user_agent=chrome)) == 146 + 402
    assert pages.error_page(404, user_agent=firefox) == PAGE_404
    assert pages.error_page(404, user_agent="curl/8.5.0") == PAGE_404
    assert len(pages.error_page(308, user_agent=chrome)) == 164


def test_headers() -> None:
    body = pages.error_page(308)
    h = dict(pages.response_headers(308, body, location="https://h/x"))
    assert h == {
        "Server": "nginx",
        "Content-Type": "text/html",
        "Content-Length": "164",
        "Connection": "keep-alive",
        "Location": "https://h/x",
    }

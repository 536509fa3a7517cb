"""Which certificate ingress-nginx presents for a host, with a tiny X.509 reader.

Selection (``controller.go createServers``, ``extractTLSSecretName``, ``getDefaultSSLCertificate``;
``docs/user-guide/tls.md``): the first served Ingress (oldest first) that has a rule for the host
*and* a ``tls`` section decides. Its Secret is the ``secretName`` of the tls entry listing the
host (case-insensitively), else of the first entry whose certificate covers the host. The Secret
lives in the Ingress's namespace and needs ``tls.crt`` and ``tls.key``. If there is no such
entry, the Secret is missing or unreadable, or its certificate covers neither the host by SAN nor
by CN, the host gets the *default* certificate: the ``--default-ssl-certificate`` Secret when it
loads, else the certificate the controller generates at start (``O=Acme Co,
CN=Kubernetes Ingress Controller Fake Certificate``, SAN ``ingress.local``; ``internal/net/ssl``
``GetFakeSSLCert``). Either way the host *has* a certificate, which is what turns on the HTTPS
redirect. Hosts no TLS Ingress mentions are served over HTTPS with the default certificate too
(by the catch-all), but are not redirected.

Certificates are parsed with a minimal DER reader (no ``cryptography`` package): subject and
issuer CN/O, validity, and the DNS and IP SANs. Signatures and key pairs are not checked.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re
from dataclasses import dataclass

from k8slab.api.reader import Reader

FAKE_CERTIFICATE_CN = "Kubernetes Ingress Controller Fake Certificate"
FAKE_CERTIFICATE_O = "Acme Co"


@dataclass(frozen=True)
class CertificateInfo:
    """The parts of an X.509 certificate that decide and explain host coverage."""

    subject_cn: str | None
    subject_o: str | None
    issuer_cn: str | None
    dns_names: tuple[str, ...]
    ip_addresses: tuple[str, ...] = ()
    not_before: str | None = None
    not_after: str | None = None

    @property
    def subject(self) -> str:
        parts = []
        if self.subject_o:
            parts.append(f"O={self.subject_o}")
        if self.subject_cn:
            parts.append(f"CN={self.subject_cn}")
        return "; ".join(parts)


FAKE_CERTIFICATE = CertificateInfo(
    subject_cn=FAKE_CERTIFICATE_CN,
    subject_o=FAKE_CERTIFICATE_O,
    issuer_cn=FAKE_CERTIFICATE_CN,
    dns_names=("ingress.local",),
)


@dataclass(frozen=True)
class CertificateSelection:
    """The certificate a host gets: from an Ingress's Secret, the default Secret, or the fake one.

    ``source`` is ``"ingress-secret"``, ``"default-ssl-certificate"`` or ``"fake"``; ``secret``
    is ``"ns/name"`` of the Secret used (None for the fake certificate); ``reason`` says why in
    English; ``ingress`` is the Ingress whose tls section applied (None when none did).
    """

    host: str
    source: str
    secret: str | None
    certificate: CertificateInfo | None
    reason: str
    ingress: str | None = None
    host_listed: bool = True  # False: the TLS Ingress's tls.hosts/SANs do not name the host

    @property
    def is_default(self) -> bool:
        return self.source != "ingress-secret"


# --- DER -----------------------------------------------------------------------------------


class DerError(ValueError):
    pass


def _read_tlv(data: bytes, pos: int) -> tuple[int, int, int]:
    """(tag, start of value, end of value) of the TLV at ``pos`` (single-byte tags only)."""
    if pos + 2 > len(data):
        raise DerError("truncated")
    tag = data[pos]
    length = data[pos + 1]
    pos += 2
    if length & 0x80:
        n = length & 0x7F
        if n == 0 or n > 4 or pos + n > len(data):
            raise DerError("bad length")
        length = int.from_bytes(data[pos : pos + n], "big")
        pos += n
    if pos + length > len(data):
        raise DerError("truncated value")
    return tag, pos, pos + length


def _children(data: bytes, start: int, end: int) -> list[tuple[int, int, int]]:
    out = []
    pos = start
    while pos < end:
        tag, s, e = _read_tlv(data, pos)
        out.append((tag, s, e))
        pos = e
    return out


def _oid(raw: bytes) -> str:
    first = raw[0]
    parts = [str(first // 40), str(first % 40)]
    value = 0
    for b in raw[1:]:
        value = (value << 7) | (b & 0x7F)
        if not b & 0x80:
            parts.append(str(value))
            value = 0
    return ".".join(parts)


def _text(tag: int, raw: bytes) -> str:
    if tag == 0x1E:  # BMPString
        return raw.decode("utf-16-be", errors="replace")
    return raw.decode("utf-8", errors="replace")


_OID_CN = "2.5.4.3"
_OID_O = "2.5.4.10"
_OID_SAN = "2.5.29.17"


def _name(data: bytes, start: int, end: int) -> dict[str, str]:
    out: dict[str, str] = {}
    for _, rs, re_ in _children(data, start, end):  # SET OF
        for _, as_, ae in _children(data, rs, re_):  # AttributeTypeAndValue
            kids = _children(data, as_, ae)
            if len(kids) >= 2 and kids[0][0] == 0x06:
                oid = _oid(data[kids[0][1] : kids[0][2]])
                out.setdefault(oid, _text(kids[1][0], data[kids[1][1] : kids[1][2]]))
    return out


def _time(tag: int, raw: bytes) -> str:
    s = raw.decode("ascii", errors="replace")
    if tag == 0x17 and len(s) >= 12:  # UTCTime YYMMDDhhmmssZ
        year = int(s[:2])
        s = ("19" if year >= 50 else "20") + s
    if len(s) >= 14:
        return f"{s[0:4]}-{s[4:6]}-{s[6:8]}T{s[8:10]}:{s[10:12]}:{s[12:14]}Z"
    return s


def parse_der_certificate(der: bytes) -> CertificateInfo:
    """Subject, issuer, validity and SANs of a DER X.509 certificate (raises DerError)."""
    tag, s, e = _read_tlv(der, 0)
    if tag != 0x30:
        raise DerError("not a SEQUENCE")
    cert = _children(der, s, e)
    if not cert or cert[0][0] != 0x30:
        raise DerError("no tbsCertificate")
    tbs = _children(der, cert[0][1], cert[0][2])
    i = 1 if tbs and tbs[0][0] == 0xA0 else 0  # [0] version
    # serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo, ...
    if len(tbs) < i + 6:
        raise DerError("short tbsCertificate")
    issuer = _name(der, tbs[i + 2][1], tbs[i + 2][2])
    validity = _children(der, tbs[i + 3][1], tbs[i + 3][2])
    subject = _name(der, tbs[i + 4][1], tbs[i + 4][2])
    dns: list[str] = []
    ips: list[str] = []
    for t, xs, xe in tbs[i + 6 :]:
        if t != 0xA3:  # [3] extensions
            continue
        (_, ls, le), *_ = _children(der, xs, xe)
        for _, es, ee in _children(der, ls, le):
            ext = _children(der, es, ee)
            if not ext or ext[0][0] != 0x06 or _oid(der[ext[0][1] : ext[0][2]]) != _OID_SAN:
                continue
            octets = ext[-1]
            _, ns_, ne = _read_tlv(der, octets[1])
            for gt, gs, ge in _children(der, ns_, ne):
                if gt == 0x82:  # dNSName
                    dns.append(der[gs:ge].decode("ascii", errors="replace"))
                elif gt == 0x87 and ge - gs in (4, 16):  # iPAddress
                    ips.append(str(ipaddress.ip_address(der[gs:ge])))
    nb = _time(validity[0][0], der[validity[0][1] : validity[0][2]]) if len(validity) > 0 else None
    na = _time(validity[1][0], der[validity[1][1] : validity[1][2]]) if len(validity) > 1 else None
    return CertificateInfo(
        subject_cn=subject.get(_OID_CN),
        subject_o=subject.get(_OID_O),
        issuer_cn=issuer.get(_OID_CN),
        dns_names=tuple(dns),
        ip_addresses=tuple(ips),
        not_before=nb,
        not_after=na,
    )


_PEM_CERT = re.compile(r"-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", re.S)


def parse_pem_certificate(pem: str | bytes) -> CertificateInfo | None:
    """The first certificate of a PEM bundle, or None if there is none or it does not parse."""
    text = pem.decode("ascii", errors="replace") if isinstance(pem, bytes) else pem
    m = _PEM_CERT.search(text)
    if not m:
        return None
    try:
        der = base64.b64decode("".join(m.group(1).split()), validate=True)
        return parse_der_certificate(der)
    except (binascii.Error, DerError, IndexError, ValueError):
        return None


# --- coverage ------------------------------------------------------------------------------


def _dns_name_matches(pattern: str, host: str) -> bool:
    # Go crypto/x509 matchHostnames: case-insensitive, a leading "*" label matches one label.
    pattern = pattern.lower().rstrip(".")
    host = host.lower().rstrip(".")
    if pattern.startswith("*."):
        head, _, rest = host.partition(".")
        return bool(head) and rest == pattern[2:]
    return pattern == host


def certificate_covers(cert: CertificateInfo, host: str) -> tuple[bool, str]:
    """Whether ``cert`` is valid for ``host`` and how: SAN (Go's VerifyHostname), else CN.

    ingress-nginx falls back to the Common Name when the SAN check fails (controller.go
    ``verifyHostname``, kept for old certificates), so a CN-only certificate still counts.
    """
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        ip = None
    if ip is not None:
        if str(ip) in cert.ip_addresses:
            return True, f"IP SAN {ip}"
        return False, f"no IP SAN {ip}"
    for name in cert.dns_names:
        if _dns_name_matches(name, host):
            return True, f"SAN DNS:{name}"
    if cert.subject_cn and _dns_name_matches(cert.subject_cn, host):
        return True, f"CN={cert.subject_cn}"
    sans = ", ".join(f"DNS:{n}" for n in cert.dns_names) or "none"
    return False, f"neither the SANs ({sans}) nor CN={cert.subject_cn} cover {host!r}"


def _b64(value: object) -> bytes | None:
    if not isinstance(value, str):
        return None
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None


def load_secret_certificate(
    reader: Reader, namespace: str, name: str
) -> tuple[CertificateInfo | None, str]:
    """The certificate in Secret ``namespace/name`` and, if unusable, why (else ``"ok"``)."""
    secret = reader.get("Secret", namespace, name)
    if secret is None:
        return None, f"Secret {namespace}/{name} does not exist"
    data = secret.get("data") or {}
    crt, key = _b64(data.get("tls.crt")), _b64(data.get("tls.key"))
    if crt is None or key is None:
        # backend_ssl.go getPemCertificate: "secret %v has no keypair or CA"
        return None, f"Secret {namespace}/{name} has no tls.crt/tls.key pair"
    if b"PRIVATE KEY-----" not in key:
        return None, f"Secret {namespace}/{name}: tls.key is not a PEM private key"
    info = parse_pem_certificate(crt)
    if info is None:
        return None, f"Secret {namespace}/{name}: tls.crt is not a PEM certificate"
    return info, "ok"


def default_certificate(
    reader: Reader, default_ssl_certificate: str | None, host: str
) -> CertificateSelection:
    """The controller's default certificate, as ``getDefaultSSLCertificate`` picks it."""
    if default_ssl_certificate:
        ns, _, name = default_ssl_certificate.partition("/")
        info, why = load_secret_certificate(reader, ns, name)
        if info is not None:
            return CertificateSelection(
                host,
                "default-ssl-certificate",
                default_ssl_certificate,
                info,
                f"the controller's --default-ssl-certificate={default_ssl_certificate}",
            )
        return CertificateSelection(
            host,
            "fake",
            None,
            FAKE_CERTIFICATE,
            f"--default-ssl-certificate unusable ({why}); the generated fake certificate",
        )
    return CertificateSelection(
        host,
        "fake",
        None,
        FAKE_CERTIFICATE,
        "no --default-ssl-certificate: the controller's generated fake certificate",
    )


def extract_tls_secret_name(reader: Reader, host: str, ing: dict) -> str:
    """``extractTLSSecretName``: tls entry listing the host, else one whose cert covers it."""
    ns = ing.get("metadata", {}).get("namespace", "")
    tls = (ing.get("spec") or {}).get("tls") or []
    for entry in tls:
        if any(str(h).lower() == host.lower() for h in entry.get("hosts") or []):
            return entry.get("secretName") or ""
    for entry in tls:
        name = entry.get("secretName")
        if not name:
            continue
        info, _ = load_secret_certificate(reader, ns, name)
        if info is not None and certificate_covers(info, host)[0]:
            return name
    return ""


def select_for_ingress(
    reader: Reader, host: str, ing: dict, default_ssl_certificate: str | None
) -> CertificateSelection:
    """The certificate a host gets from the (first) TLS Ingress that has a rule for it."""
    md = ing.get("metadata", {})
    ns, ref = md.get("namespace", ""), f"{md.get('namespace', '')}/{md.get('name', '')}"
    secret_name = extract_tls_secret_name(reader, host, ing)

    def fallback(why: str, listed: bool = True) -> CertificateSelection:
        d = default_certificate(reader, default_ssl_certificate, host)
        return CertificateSelection(
            host, d.source, d.secret, d.certificate, f"{why}; using {d.reason}", ref, listed
        )

    if not secret_name:
        return fallback(
            f"Ingress {ref} has a tls section but no entry lists {host!r} or holds a certificate for it",
            False,
        )
    info, why = load_secret_certificate(reader, ns, secret_name)
    if info is None:
        return fallback(why)
    ok, how = certificate_covers(info, host)
    if not ok:
        return fallback(f"Secret {ns}/{secret_name}: {how}")
    return CertificateSelection(
        host,
        "ingress-secret",
        f"{ns}/{secret_name}",
        info,
        f"Secret {ns}/{secret_name} from Ingress {ref} covers {host!r} ({how})",
        ref,
    )

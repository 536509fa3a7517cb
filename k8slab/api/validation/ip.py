"""IP and CIDR checks as Kubernetes validation performs them.

``parse_ip_sloppy`` mirrors k8s.io/utils/net ``ParseIPSloppy`` (Go 1.16 ``net.ParseIP``
semantics, which still accept IPv4 octets with leading zeros, read as decimal). Messages from
kubernetes/kubernetes ``staging/src/k8s.io/apimachinery/pkg/util/validation/ip.go``
(``IsValidIP``, ``IsValidIPv4Address``, ``IsValidIPv6Address``, ``IsValidCIDR``) and
``pkg/apis/core/validation/validation.go`` (``ValidateNonSpecialIP``).
"""

from __future__ import annotations

import ipaddress

from k8slab.api.field import FieldError, invalid

IP_ERR = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"
CIDR_ERR = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"


def _parse_ipv4_sloppy(value: str) -> ipaddress.IPv4Address | None:
    parts = value.split(".")
    if len(parts) != 4:
        return None
    octets = []
    for part in parts:
        if not part or len(part) > 3 or not part.isascii() or not part.isdigit():
            return None
        n = int(part, 10)
        if n > 255:
            return None
        octets.append(n)
    return ipaddress.IPv4Address(bytes(octets))


def parse_ip_sloppy(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """``netutils.ParseIPSloppy``: the address, or None when it is not an IP."""
    if ":" not in value:
        return _parse_ipv4_sloppy(value)
    if "%" in value:  # zones are not IPs for net.ParseIP
        return None
    head, _, tail = value.rpartition(":")
    if "." in tail:  # embedded IPv4 may itself have leading zeros
        v4 = _parse_ipv4_sloppy(tail)
        if v4 is None:
            return None
        value = f"{head}:{v4}"
    try:
        return ipaddress.IPv6Address(value)
    except ValueError:
        return None


def is_ipv6_string(value: str) -> bool:
    ip = parse_ip_sloppy(value)
    return isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is None


def is_valid_ip(path: str, value: str) -> list[FieldError]:
    """``IsValidIP``."""
    if parse_ip_sloppy(value) is None:
        return [invalid(path, value, IP_ERR)]
    return []


def is_valid_ipv4_address(path: str, value: str) -> list[FieldError]:
    """``IsValidIPv4Address``."""
    ip = parse_ip_sloppy(value)
    v4 = isinstance(ip, ipaddress.IPv4Address) or (
        isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None
    )
    if not v4:
        return [invalid(path, value, "must be a valid IPv4 address")]
    return []


def is_valid_ipv6_address(path: str, value: str) -> list[FieldError]:
    """``IsValidIPv6Address``."""
    if not is_ipv6_string(value):
        return [invalid(path, value, "must be a valid IPv6 address")]
    return []


def parse_cidr_sloppy(value: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    """``netutils.ParseCIDRSloppy``: the network (host bits masked), or None."""
    addr, sep, bits = value.partition("/")
    if not sep or not bits.isascii() or not bits.isdigit() or (len(bits) > 1 and bits[0] == "0"):
        return None
    ip = parse_ip_sloppy(addr)
    if ip is None or int(bits) > ip.max_prefixlen:
        return None
    return ipaddress.ip_network(f"{ip}/{int(bits)}", strict=False)


def is_valid_cidr(path: str, value: str) -> list[FieldError]:
    """``IsValidCIDR``."""
    if parse_cidr_sloppy(value) is None:
        return [invalid(path, value, CIDR_ERR)]
    return []


def validate_non_special_ip(ip_text: str, path: str) -> list[FieldError]:
    """``ValidateNonSpecialIP``: endpoint and external IPs may not be special addresses."""
    ip = parse_ip_sloppy(ip_text)
    if ip is None:
        return [invalid(path, ip_text, "must be a valid IP address")]
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    errs = []
    if ip.is_unspecified:
        errs.append(invalid(path, ip_text, "may not be unspecified (0.0.0.0, ::)"))
    if ip.is_loopback:
        errs.append(
            invalid(path, ip_text, "may not be in the loopback range (127.0.0.0/8, ::1/128)")
        )
    if ip.is_link_local:
        errs.append(
            invalid(path, ip_text, "may not be in the link-local range (169.254.0.0/16, fe80::/10)")
        )
    link_local_mc = (
        ip in ipaddress.ip_network("224.0.0.0/24")
        if isinstance(ip, ipaddress.IPv4Address)
        else ip in ipaddress.ip_network("ff02::/16")
    )
    if link_local_mc:
        errs.append(
            invalid(
                path,
                ip_text,
                "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)",
            )
        )
    return errs

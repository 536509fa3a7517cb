"""ClusterIP and NodePort allocation, as the Service REST storage does it at create time.

Sources (kubernetes/kubernetes):
* ``pkg/registry/core/service/ipallocator`` — the bitmap allocator over the service CIDR; since
  ServiceIPStaticSubrange (GA 1.26) dynamic allocation prefers the upper part of the range,
  above ``offset = min(max(16, size/16), 256)``, leaving the lower block for static IPs such as
  10.96.0.1 (kubernetes) and 10.96.0.10 (kube-dns).
* ``pkg/registry/core/service/portallocator`` — the same for NodePorts; with
  ServiceNodePortStaticSubrange (GA 1.29) dynamic ports come from above
  ``offset = min(max(16, size/32), 128)`` (30086–32767 for the default range).
* ``pkg/registry/core/service/storage/alloc.go`` — the error texts, returned as a 422 Invalid
  *alone*, before field validation runs.

Which free address a real cluster picks is random; k8slab draws it from a stream keyed by the
Service's namespace/name (see ``k8slab.rand``), so a Service keeps the same ClusterIP and
NodePort across runs and whatever else exists.
"""

from __future__ import annotations

import ipaddress

from k8slab import rand
from k8slab.api import field


class IPAllocator:
    def __init__(self, cidr: str, seed: int) -> None:
        self.net = ipaddress.ip_network(cidr)
        self.seed = seed
        self.used: dict[str, str] = {}  # ip → "ns/name"
        # Usable addresses exclude the network and broadcast addresses (ipallocator.NewInMemory).
        self.size = self.net.num_addresses - 2
        self.offset = min(max(16, self.size // 16), 256)

    def contains(self, ip: str) -> bool:
        try:
            addr = ipaddress.ip_address(ip)
        except ValueError:
            return False
        return addr in self.net and addr not in (
            self.net.network_address,
            self.net.broadcast_address,
        )

    def allocate_specific(self, ip: str, owner: str) -> str | None:
        """Reserve ``ip``; on failure the detail ``allocIPs`` puts on ``spec.clusterIPs``."""
        if not self.contains(ip):
            return (
                f"failed to allocate IP {ip}: the provided IP ({ip}) is not in the valid range. "
                f"The range of valid IPs is {self.net}"
            )
        if ip in self.used and self.used[ip] != owner:
            return f"failed to allocate IP {ip}: provided IP is already allocated"
        self.used[ip] = owner
        return None

    def allocate_next(self, owner: str) -> str:
        rng = rand.stream(self.seed, "clusterip", owner)
        upper = self.size - self.offset
        base = int(self.net.network_address) + 1
        for _ in range(64):
            i = self.offset + rng.randrange(upper)
            ip = str(ipaddress.ip_address(base + i))
            if ip not in self.used:
                self.used[ip] = owner
                return ip
        # Dense range: scan the upper band then the lower one, as the bitmap allocator falls back.
        for i in [*range(self.offset, self.size), *range(self.offset)]:
            ip = str(ipaddress.ip_address(base + i))
            if ip not in self.used:
                self.used[ip] = owner
                return ip
        raise RangeFull("range is full")

    def release(self, ip: str) -> None:
        self.used.pop(ip, None)


class RangeFull(Exception):
    pass


class PortAllocator:
    def __init__(self, low: int, high: int, seed: int) -> None:
        self.low, self.high = low, high
        self.seed = seed
        self.used: dict[int, str] = {}
        self.size = high - low + 1
        self.offset = min(max(16, self.size // 32), 128)

    def allocate_specific(self, port: int, owner: str, path: str) -> field.FieldError | None:
        if not self.low <= port <= self.high:
            return field.invalid(
                path,
                port,
                "provided port is not in the valid range. "
                f"The range of valid ports is {self.low}-{self.high}",
            )
        if port in self.used and self.used[port] != owner:
            return field.invalid(path, port, "provided port is already allocated")
        self.used[port] = owner
        return None

    def allocate_next(self, owner: str, salt: str) -> int:
        rng = rand.stream(self.seed, "nodeport", f"{owner}/{salt}")
        upper = self.size - self.offset
        for _ in range(64):
            p = self.low + self.offset + rng.randrange(upper)
            if p not in self.used:
                self.used[p] = owner
                return p
        for i in [*range(self.offset, self.size), *range(self.offset)]:
            p = self.low + i
            if p not in self.used:
                self.used[p] = owner
                return p
        raise RangeFull("range is full")

    def release(self, port: int) -> None:
        self.used.pop(port, None)

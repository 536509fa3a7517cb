"""What a container's request handler can see: its pod, the clock, and its own log."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class HandlerContext:
    cluster: object
    pod: dict
    container: dict
    local_port: int

    @property
    def hostname(self) -> str:
        return self.pod["spec"].get("hostname") or self.pod["metadata"]["name"]

    @property
    def pod_ref(self) -> str:
        return f"{self.pod['metadata']['namespace']}/{self.pod['metadata']['name']}"

    @property
    def host_port(self) -> str:
        return f":{self.local_port}"

    @property
    def http_date(self) -> str:
        """RFC 7231 date, as the ``Date`` header carries it."""
        return self.cluster.clock.now().strftime("%a, %d %b %Y %H:%M:%S GMT")

    @property
    def log_time(self) -> str:
        """nginx's ``$time_local`` (``01/Jan/2026:09:05:03 +0000``)."""
        return self.cluster.clock.now().strftime("%d/%b/%Y:%H:%M:%S +0000")

    @property
    def go_time(self) -> str:
        return self.cluster.clock.now().strftime("%Y-%m-%d %H:%M:%S.000000000 +0000 UTC")

    def log(self, line: str) -> None:
        md = self.pod["metadata"]
        key = (md["namespace"], md["name"], self.container["name"])
        self.cluster.kubelet.logs.setdefault(key, []).append(line)

"""The same request through the simulator (``lab.curl``) and through the kernel (``dp.curl``).

``compare(lab, dp, from_, url)`` sends it ``n`` times each way and checks that they agree:

* the outcomes (HTTP status, or curl's error: refused / timed out / no route / empty reply)
  are the same set;
* every kernel answer has the body the simulator gave for the *same pod* (``/clientip``: the
  source address the pod saw, port aside; it shows SNAT);
* the pods that answered are the same set both ways (sessionAffinity ClientIP: one pod each
  way, from the pods the simulator picks when it has no affinity memory yet).

A kernel request that fails is repeated once only (a DROP costs the connect timeout), unless
the simulator answered some of the same requests.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from k8slab import Cluster

CONNECT_TIMEOUT = 0.5  # seconds: a SYN between namespaces is answered in well under 1 ms
COMPARED_HEADERS = ("Content-Type", "Server", "X-App-Name")


@dataclass
class Verdict:
    from_: str | None
    url: str
    sim: list = field(default_factory=list)
    kernel: list = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        def brief(rs):
            out = {}
            for r in rs:
                k = (r.status, r.error, r.pod)
                out[k] = out.get(k, 0) + 1
            return out

        return (
            f"curl {self.url} from {self.from_ or 'outside'}:\n"
            f"  simulator: {brief(self.sim)}\n  kernel:    {brief(self.kernel)}\n  "
            + "\n  ".join(self.problems)
        )


def _outcome(r) -> tuple:
    return ("error", r.error) if r.error else ("status", r.status)


def _body_key(url: str, body: str) -> str:
    if url.endswith("/clientip"):
        return body.rsplit(":", 1)[0]
    return body


def fresh_choices(lab: Cluster, from_: str | None, url: str, n: int) -> list:
    """What the simulator answers ``url`` when it remembers no affinity: ``n`` requests on a
    clone of the cluster whose ``recent`` lists are emptied before each one."""
    clone = Cluster.from_dict(lab.to_dict())
    out = []
    for _ in range(n):
        clone.network.recent = {}
        out.append(clone.curl(url, from_=from_))
    return out


def compare(lab: Cluster, dp, from_: str | None, url: str, *, n: int, affinity: bool = False):
    v = Verdict(from_, url)
    v.sim = [lab.curl(url, from_=from_) for _ in range(n)]
    first = dp.curl(url, from_=from_, connect_timeout=CONNECT_TIMEOUT)
    v.kernel = [first]
    # A refusal or a DROP is the same every time (with affinity: the same endpoint), unless
    # the simulator's outcomes were mixed (endpoints that differ); then ask n times too.
    sim_out = {_outcome(r) for r in v.sim}
    mixed = not affinity and (len(sim_out) > 1 or any(r.error is None for r in v.sim))
    again = n if first.error is None or mixed else 2
    v.kernel += [
        dp.curl(url, from_=from_, connect_timeout=CONNECT_TIMEOUT) for _ in range(again - 1)
    ]
    ker_out = {_outcome(r) for r in v.kernel}
    fresh = fresh_choices(lab, from_, url, n) if affinity else []
    if affinity:
        # Each side sticks to the endpoint it drew first; the two may differ, and so may
        # their outcomes (one endpoint refuses, another answers): compare with fresh draws.
        allowed_out = {_outcome(r) for r in fresh} | sim_out
        if len(sim_out) > 1 or len(ker_out) > 1 or not ker_out <= allowed_out:
            v.problems.append(
                f"affinity outcomes: simulator {sim_out}, kernel {ker_out}, "
                f"fresh draws {allowed_out}"
            )
    elif sim_out != ker_out:
        v.problems.append(f"outcomes differ: simulator {sim_out}, kernel {ker_out}")
    by_pod: dict[str, list] = {}
    for r in v.sim:
        if r.pod:
            by_pod.setdefault(r.pod, []).append(r)
    allowed = {r.pod for r in fresh if r.pod}
    for r in fresh:
        if r.pod:
            by_pod.setdefault(r.pod, [r])
    for r in v.kernel:
        if r.error or r.pod not in by_pod:
            continue
        s = by_pod[r.pod][0]
        if (r.status, _body_key(url, r.body)) != (s.status, _body_key(url, s.body)):
            v.problems.append(
                f"pod {r.pod}: kernel {r.status} {r.body[:80]!r}, simulator {s.status} "
                f"{s.body[:80]!r}"
            )
            break
        for h in COMPARED_HEADERS:
            if r.headers.get(h) != s.headers.get(h):
                v.problems.append(
                    f"pod {r.pod}: header {h}: kernel {r.headers.get(h)!r}, "
                    f"simulator {s.headers.get(h)!r}"
                )
    sim_pods = {r.pod for r in v.sim if r.pod}
    ker_pods = {r.pod for r in v.kernel if r.pod}
    if affinity:
        if len(sim_pods) > 1 or len(ker_pods) > 1:
            v.problems.append(f"affinity broken: simulator {sim_pods}, kernel {ker_pods}")
        if not ker_pods <= allowed:
            v.problems.append(f"kernel pods {ker_pods} not among the simulator's {allowed}")
    elif sim_pods != ker_pods:
        v.problems.append(f"answering pods differ: simulator {sim_pods}, kernel {ker_pods}")
    return v

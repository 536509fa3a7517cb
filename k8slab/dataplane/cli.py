"""``k8slab dataplane up|curl|down|status``: the saved cluster on the real kernel (root only).

    sudo k8slab --state cluster.json dataplane up
    sudo k8slab --state cluster.json dataplane curl http://127.0.0.1:31238 --from node/node-1
    sudo k8slab dataplane down

``up`` builds the namespaces and leaves them running (pod servers included) until ``down``;
``down`` also removes whatever an interrupted run left behind. Also runnable on its own:
``python -m k8slab.dataplane.cli --state cluster.json up``.
"""

from __future__ import annotations

import argparse
import os
import sys

from k8slab.dataplane.errors import DataplaneError
from k8slab.dataplane.runtime import Dataplane, attach, persistent_runs, teardown


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="k8slab dataplane",
        description="Run the saved cluster's networking in Linux network namespaces (root).",
    )
    p.add_argument("--state", default=None, help=argparse.SUPPRESS)
    sub = p.add_subparsers(dest="action", required=True)
    sub.add_parser("up", help="build namespaces, routes, kube-proxy's rules and pod servers")
    c = sub.add_parser("curl", help="send one HTTP request through the kernel")
    c.add_argument("url")
    c.add_argument(
        "--from",
        dest="from_",
        default=None,
        help="node/NAME, NS/POD or pod/NAME (default: a client outside the cluster)",
    )
    c.add_argument("-H", "--header", action="append", default=[], help="'Name: value'")
    c.add_argument("-X", "--request", default="GET", help="HTTP method")
    c.add_argument("-i", "--include", action="store_true", help="print the response headers")
    c.add_argument("--prefix", default=None, help="which data plane, when several are up")
    d = sub.add_parser(
        "down", help="tear down the data plane brought up with `up`, and any leftovers"
    )
    d.add_argument("--prefix", default=None)
    d.add_argument(
        "--all",
        action="store_true",
        help="also the data planes of processes still running (tests, notebooks)",
    )
    sub.add_parser("status", help="list the data planes that are up")
    return p


def _load(state: str | None, *, required: bool):
    from k8slab.cluster import Cluster

    path = state or os.environ.get("K8SLAB_STATE", "k8slab-state.json")
    if not os.path.exists(path):
        if required:
            raise DataplaneError(
                f"{path} does not exist: create it with `k8slab --state {path} init` and "
                f"`k8slab --state {path} kubectl apply -f …` first"
            )
        return None
    return Cluster.load(path)


def main(argv: list[str] | None = None, *, state: str | None = None) -> int:
    args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    state = state or args.state
    try:
        if args.action == "up":
            return _up(state)
        if args.action == "curl":
            return _curl(args, state)
        if args.action == "down":
            names = teardown(args.prefix, everything=args.all)
            print(f"{len(names)} network namespace(s) deleted")
            return 0
        return _status()
    except DataplaneError as err:
        print(str(err), file=sys.stderr)
        return 1


def _up(state: str | None) -> int:
    runs = persistent_runs()
    if runs:
        raise DataplaneError(
            f"a data plane is already up ({runs[0]}): `k8slab dataplane down` first"
        )
    lab = _load(state, required=True)
    dp = Dataplane(lab, persistent=True).up()
    node = dp.plan.nodes[0].netns
    print(dp.describe(), end="")
    print(
        "\nup. Try:\n"
        f"  ip netns exec {node} iptables -t nat -L KUBE-SERVICES -v -n\n"
        f"  ip netns exec {node} curl -s http://127.0.0.1:<NodePort>\n"
        "  k8slab dataplane curl URL --from node/NAME|NS/POD\n"
        "  k8slab dataplane down"
    )
    return 0


def _curl(args, state: str | None) -> int:
    lab = _load(state, required=False)
    dp = attach(args.prefix, lab=lab)
    headers = {}
    for h in args.header:
        k, _, v = h.partition(":")
        headers[k.strip()] = v.strip()
    if lab is None and not _host_is_ip(args.url):
        raise DataplaneError("host names need the cluster's state file (--state) for DNS")
    r = dp.curl(args.url, from_=args.from_, headers=headers, method=args.request)
    if r.error is not None:
        print(f"curl: ({r.curl_exit}) {r.curl_message or r.error}", file=sys.stderr)
        return r.curl_exit or 1
    if args.include:
        from k8slab.images.http import REASONS

        sys.stdout.write(f"HTTP/1.1 {r.status} {REASONS.get(r.status, '')}\r\n")
        for k, v in r.headers.items():
            sys.stdout.write(f"{k}: {v}\r\n")
        sys.stdout.write(f"X-K8slab-Pod: {r.pod}\r\n\r\n")
    sys.stdout.write(r.body)
    return 0


def _host_is_ip(url: str) -> bool:
    from k8slab.net import is_ip, parse_url

    try:
        return is_ip(parse_url(url).host) or parse_url(url).host == "localhost"
    except Exception:  # noqa: BLE001 - curl reports the bad URL itself
        return True


def _status() -> int:
    runs = persistent_runs()
    if not runs:
        print("no data plane is up")
    for run in runs:
        dp = attach(run)
        print(f"{run}:")
        print(dp.describe(), end="")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

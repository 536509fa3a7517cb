"""The ``k8slab`` console command: kubectl against a saved cluster, for scripts and self-learners.

    k8slab --state cluster.json init [--nodes 3] [--seed 7] [--cloud]
    k8slab --state cluster.json kubectl apply -f deployment.yaml
    k8slab --state cluster.json kubectl get svc
    k8slab --state cluster.json dataplane up|curl URL|down    (Linux, root: k8slab.dataplane)
    k8slab grade LAB --curso grading --workers 2               (parallel nbgrader autograde)

Every command loads the state file, runs, and writes the state back (when it changed). Errors
are printed as kubectl prints them, on stderr, with exit code 1.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys

from k8slab.cluster import Cluster
from k8slab.errors import ApiError, ManifestError


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["grade"]:
        # `k8slab grade …`: the class-sized nbgrader runner (its own options, see --help).
        from k8slab.grade.cli import main as grade_main

        return grade_main(argv[1:])
    parser = argparse.ArgumentParser(
        prog="k8slab",
        description="A simulated Kubernetes cluster kept in a state file.",
    )
    parser.add_argument(
        "--state",
        default=os.environ.get("K8SLAB_STATE", "k8slab-state.json"),
        help="cluster state file (default: $K8SLAB_STATE or k8slab-state.json)",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    init = sub.add_parser("init", help="create a new cluster and save it")
    init.add_argument("--nodes", type=int, default=2)
    init.add_argument("--seed", type=int, default=0)
    init.add_argument(
        "--cloud", action="store_true", help="LoadBalancer Services get an EXTERNAL-IP"
    )
    init.add_argument("--force", action="store_true", help="overwrite an existing state file")
    k = sub.add_parser("kubectl", help="run a kubectl command against the saved cluster")
    k.add_argument("args", nargs=argparse.REMAINDER)
    dp = sub.add_parser(
        "dataplane", help="run the saved cluster on the Linux kernel (root)", add_help=False
    )
    dp.add_argument("args", nargs=argparse.REMAINDER)
    args, extra = parser.parse_known_args(argv)
    if args.command == "dataplane":
        from k8slab.dataplane.cli import main as dataplane_main

        return dataplane_main([*args.args, *extra], state=args.state)
    if extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")

    if args.command == "init":
        if os.path.exists(args.state) and not args.force:
            print(
                f"error: {args.state} already exists (use --force to replace it)", file=sys.stderr
            )
            return 1
        Cluster(args.nodes, seed=args.seed, cloud=args.cloud).save(args.state)
        print(f"cluster created: {args.nodes} node(s), state in {args.state}")
        return 0

    if not os.path.exists(args.state):
        lab = Cluster()
    else:
        try:
            lab = Cluster.load(args.state)
        except ValueError as err:
            print(f"error: {err}", file=sys.stderr)
            return 1
    lab.cwd = os.getcwd()
    stdin = None
    if "-" in args.args and not sys.stdin.isatty():
        stdin = sys.stdin.read()
    rv = lab.api.resource_version
    code = 0
    try:
        out = lab.kubectl(shlex.join(args.args), stdin=stdin)
        sys.stdout.write(out)
    except ApiError as err:
        sys.stdout.write(getattr(err, "stdout", "") or "")
        print(str(err), file=sys.stderr)
        code = 1
    except ManifestError as err:
        print(err.message, file=sys.stderr)
        code = 1
    if lab.api.resource_version != rv or not os.path.exists(args.state):
        lab.save(args.state)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

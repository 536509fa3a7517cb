"""The Job controller, for run-to-completion pods such as ingress-nginx's admission jobs.

Source: kubernetes/kubernetes ``pkg/controller/job/job_controller.go`` (``syncJob``,
``manageJob``; pods named ``<job>-<random 5>`` with labels ``batch.kubernetes.io/job-name``,
``job-name``, ``controller-uid``; conditions ``SuccessCriteriaMet`` then ``Complete`` since
1.31). Every container in the simulator finishes successfully at once, so a Job completes as
soon as its pods have run — the state ``kubectl get jobs`` shows a few seconds after install.
"""

from __future__ import annotations

import copy

from k8slab.controllers.common import generate_name, owned, pod_from_template


def sync(api) -> None:
    for job in api.list("Job"):
        _sync_one(api, job)


def _sync_one(api, job: dict) -> None:
    ns = job["metadata"]["namespace"]
    spec = job.get("spec") or {}
    completions = spec.get("completions", 1) or 1
    pods = owned(api, "Pod", job)
    succeeded = [p for p in pods if (p.get("status") or {}).get("phase") == "Succeeded"]
    if len(pods) < completions and not _done(job):
        uid = job["metadata"]["uid"]
        for _ in range(completions - len(pods)):
            name = generate_name(api, "Pod", ns, job["metadata"]["name"] + "-", uid)
            labels = {
                "batch.kubernetes.io/controller-uid": uid,
                "batch.kubernetes.io/job-name": job["metadata"]["name"],
                "controller-uid": uid,
                "job-name": job["metadata"]["name"],
            }
            pod = pod_from_template(spec.get("template") or {}, ns, name, job, labels)
            api.put(pod)
            api.record_event(
                job, "Normal", "SuccessfulCreate", f"Created pod: {name}", "job-controller"
            )
        return
    st = copy.deepcopy(job.get("status") or {})
    now = api.clock.timestamp()
    st.setdefault("startTime", job["metadata"]["creationTimestamp"])
    st["ready"] = 0
    st["terminating"] = 0
    st["uncountedTerminatedPods"] = {}
    if succeeded:
        st["succeeded"] = len(succeeded)
    active = len(pods) - len(succeeded)
    if active:
        st["active"] = active
    else:
        st.pop("active", None)
    if len(succeeded) >= completions and not _done(job):
        st["completionTime"] = now
        st["conditions"] = [
            {
                "lastProbeTime": now,
                "lastTransitionTime": now,
                "message": "Reached expected number of succeeded pods",
                "reason": "CompletionsReached",
                "status": "True",
                "type": "SuccessCriteriaMet",
            },
            {
                "lastProbeTime": now,
                "lastTransitionTime": now,
                "message": "Reached expected number of succeeded pods",
                "reason": "CompletionsReached",
                "status": "True",
                "type": "Complete",
            },
        ]
        api.record_event(job, "Normal", "Completed", "Job completed", "job-controller")
    st = {k: st[k] for k in sorted(st)}
    if st != job.get("status"):
        upd = copy.deepcopy(job)
        upd["status"] = st
        api.put(upd)


def _done(job: dict) -> bool:
    return any(
        c.get("type") in ("Complete", "Failed") and c.get("status") == "True"
        for c in (job.get("status") or {}).get("conditions") or []
    )

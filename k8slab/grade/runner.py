"""Autograde a whole class in parallel, each submission isolated and limited, into one gradebook.

Design (see also ``k8slab/grade/__init__.py``):

* **One process per submission, forked from a warm parent.** Importing nbgrader costs about two
  seconds of CPU, as much as grading a small notebook; so the parent imports nbgrader once and
  *forks* a fresh child per submission (the parent stays single-threaded, which makes ``fork``
  safe). The child sets ``RLIMIT_AS``, copies a snapshot of the course (config, ``source/``,
  ``gradebook.db``) into its own temporary directory together with the one submission, and runs
  the real ``nbgrader autograde LAB --student ID`` there (nbgrader's own app, in-process).
  Nothing it does touches the real course.
* **Limits.** Memory: ``RLIMIT_AS`` in the child, inherited by the kernel and by everything the
  kernel starts (a hog gets ``MemoryError`` in its cell; the submission is graded and marked).
  Time: the parent kills the child's whole process tree (the kernel lives in its own session)
  when the wall-clock limit passes (the submission is marked and not graded). nbgrader's own
  per-cell timeout (``Execute.timeout``) still applies inside.
* **One gradebook.** Only the parent writes to the course's ``gradebook.db``, one submission at
  a time as they finish, through ``nbgrader.api.Gradebook`` (:mod:`k8slab.grade.gradebook`);
  the autograded notebooks are copied into the course's ``autograded/`` so that
  ``nbgrader generate_feedback`` works as after a serial run.
* **Re-check.** A second job per submission regrades its answers out of the kernel
  (:mod:`k8slab.grade.recheck`); disagreements with nbgrader are reported.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path

from k8slab.grade import gradebook as gbm
from k8slab.grade.limits import kill_tree, set_memory_limit

# Left out of the per-submission course snapshot (large or per-student, or nbgrader output).
SNAPSHOT_IGNORE = (
    "submitted",
    "autograded",
    "feedback",
    "release",
    "exchange",
    "__pycache__",
    ".ipynb_checkpoints",
    "*.log",
    ".nbgrader.log",
)


@dataclass
class Entrega:
    """One submission and everything learnt about it."""

    student: str
    lab: str
    estado: str = "pendiente"  # calificada | tiempo agotado | error | omitida
    detalle: str = ""
    marcas: list[str] = field(default_factory=list)  # MemoryError, CellTimeoutError, …
    puntos: float | None = None
    maximo: float | None = None
    celdas: dict[str, tuple] = field(default_factory=dict)  # grade_id → (score, max)
    recheck: dict[str, dict] | None = None
    recheck_errores: list = field(default_factory=list)
    desacuerdos: list[str] = field(default_factory=list)
    segundos: float = 0.0

    @property
    def recheck_puntos(self) -> float | None:
        if self.recheck is None:
            return None
        return sum(v["puntos"] or 0 for v in self.recheck.values())

    @property
    def sospechosa(self) -> bool:
        return bool(self.desacuerdos)

    def to_dict(self) -> dict:
        return {
            "alumno": self.student,
            "laboratorio": self.lab,
            "estado": self.estado,
            "detalle": self.detalle,
            "marcas": self.marcas,
            "puntos": self.puntos,
            "maximo": self.maximo,
            "recheck_puntos": self.recheck_puntos,
            "desacuerdos": self.desacuerdos,
            "recheck_errores": self.recheck_errores,
            "segundos": round(self.segundos, 2),
        }


@dataclass
class Opciones:
    workers: int = 2
    timeout: float = 300.0  # wall clock per submission (autograde), seconds
    memory_mb: int | None = 2048  # RLIMIT_AS per process
    recheck: bool = True
    force: bool = False
    nbgrader_args: tuple = ()  # extra command-line options for nbgrader autograde
    progress: bool = True


class Progreso:
    """A plain-text progress bar on stderr: ``\\r[####      ] 12/30``."""

    def __init__(self, total: int, stream=None, width: int = 30, enabled: bool = True) -> None:
        self.total, self.done, self.width = total, 0, width
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.show()

    def show(self, note: str = "") -> None:
        if not self.enabled:
            return
        filled = int(self.width * self.done / self.total) if self.total else self.width
        bar = "#" * filled + " " * (self.width - filled)
        self.stream.write(f"\r[{bar}] {self.done}/{self.total} {note}".rstrip() + " ")
        self.stream.flush()

    def step(self, note: str = "") -> None:
        self.done += 1
        self.show(note)

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


# ------------------------------------------------------------------------------ children
def _redirect_output(path: Path) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)


def _autograde_child(snapshot: Path, submission: Path, work: Path, e: Entrega, opts) -> None:
    code = 1
    try:
        set_memory_limit(opts.memory_mb)
        course = work / "course"
        shutil.copytree(snapshot, course)
        dest = course / "submitted" / e.student / e.lab
        shutil.copytree(submission, dest)
        _redirect_output(work / "nbgrader.log")
        os.chdir(course)
        from nbgrader.apps.nbgraderapp import NbGraderApp

        argv = [
            "autograde",
            e.lab,
            "--student",
            e.student,
            f"--CourseDirectory.root={course}",
            "--force",
            *opts.nbgrader_args,
        ]
        try:
            NbGraderApp.launch_instance(argv=argv)
            code = 0
        except SystemExit as err:
            code = err.code if isinstance(err.code, int) else (0 if err.code is None else 1)
    except BaseException as err:  # noqa: BLE001 - reported through the exit code and the log
        try:
            with open(work / "nbgrader.log", "a") as f:
                f.write(f"\nk8slab grade: {err!r}\n")
        except OSError:
            pass
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _recheck_child(plan, submission: Path, notebook: str, work: Path, opts, verificador) -> None:
    from k8slab.grade import recheck

    code = 1
    try:
        _redirect_output(work / "recheck.log")
        report = recheck.extract_answers(
            plan, submission, notebook, timeout=opts.timeout, memory_mb=opts.memory_mb
        )
        verdicts = recheck.verdicts(plan, report, verificador)
        out = {
            "veredictos": verdicts,
            "errores": report.get("errores") or [],
            "con_celdas_bloqueadas": bool(report.get("con_celdas_bloqueadas")),
            "cache": verificador.cache,
        }
        (work / "recheck.json").write_text(json.dumps(out, ensure_ascii=False))
        code = 0
    except BaseException as err:  # noqa: BLE001
        with open(work / "recheck.log", "a") as f:
            f.write(f"\nk8slab grade: {err!r}\n")
    finally:
        os._exit(code)


# ------------------------------------------------------------------------------ the parent
@dataclass
class _Job:
    kind: str  # "autograde" | "recheck"
    entrega: Entrega
    work: Path
    proc: multiprocessing.Process | None = None
    start: float = 0.0
    deadline: float = 0.0
    end: float = 0.0
    retry: list | None = None  # where to queue a second attempt (first attempts only)


def _marks_of(autograded_nb: Path) -> list[str]:
    """Error names worth an instructor's eye in an autograded notebook (limits hit, crashes)."""
    import nbformat

    watch = {
        "MemoryError",
        "CellTimeoutError",
        "DeadKernelError",
        "SystemExit",
        "KeyboardInterrupt",
    }
    found: list[str] = []
    try:
        nb = nbformat.read(autograded_nb, as_version=4)
    except (OSError, ValueError):
        return found
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            name = out.get("ename") if out.get("output_type") == "error" else None
            if name in watch and name not in found:
                found.append(name)
    return found


# Imported once in the parent, so that no forked child pays for them (about 2.5 s of CPU per
# submission otherwise: nbgrader pulls in jupyter_server; the kernel spec lookup pulls in
# ipykernel and IPython).
WARM_MODULES = (
    "nbgrader.apps.nbgraderapp",
    "nbgrader.converters.autograde",
    "nbgrader.preprocessors",
    "nbconvert.preprocessors.execute",
    "nbclient.client",
    "jupyter_client.manager",
    "jupyter_client.kernelspec",
    "ipykernel.kernelspec",
    "IPython.terminal.ipapp",  # the native kernel spec lookup imports IPython's application
    "IPython.core.completer",
    "sqlite3",
    "sqlalchemy.dialects.sqlite",
    "xml.dom.minidom",
)


def _warm() -> None:
    import importlib

    for name in WARM_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    try:  # nbformat compiles its JSON-schema validator on first use
        import nbformat

        nbformat.validate(nbformat.v4.new_notebook())
    except Exception:  # noqa: BLE001 - only a warm-up
        pass


class Calificador:
    """Grade every submission of ``lab`` in ``course`` (an nbgrader course root)."""

    def __init__(self, course: Path, lab: str, opts: Opciones | None = None) -> None:
        self.course = Path(course).resolve()
        self.lab = lab
        self.opts = opts or Opciones()
        self.db = self.course / "gradebook.db"

    # -- discovery
    def submissions(self, students: list[str] | None = None) -> list[Entrega]:
        root = self.course / "submitted"
        found = (
            sorted(p.parent.name for p in root.glob(f"*/{self.lab}") if p.is_dir())
            if root.exists()
            else []
        )
        if students:
            found = [s for s in found if s in set(students)]
        return [Entrega(s, self.lab) for s in found]

    def _notebook(self) -> str:
        nbs = sorted((self.course / "source" / self.lab).glob("*.ipynb"))
        if len(nbs) != 1:
            raise SystemExit(
                f"k8slab grade: source/{self.lab}/ debe tener un único cuaderno (tiene {len(nbs)})"
            )
        return nbs[0].stem

    # -- the run
    def run(self, students: list[str] | None = None) -> list[Entrega]:
        opts = self.opts
        if not gbm.has_assignment(self.db, self.lab):
            raise SystemExit(
                f"k8slab grade: el gradebook de {self.course} no tiene el laboratorio {self.lab}: "
                f"ejecuta antes nbgrader generate_assignment {self.lab}"
            )
        entregas = self.submissions(students)
        if not entregas:
            raise SystemExit(f"k8slab grade: no hay entregas en submitted/*/{self.lab}/")
        notebook = self._notebook()
        plan = verificador = None
        if opts.recheck:
            from k8slab.grade.recheck import Plan, Verificador, plan_from_source

            plan: Plan = plan_from_source(self.course / "source" / self.lab / f"{notebook}.ipynb")
            verificador = Verificador()

        _warm()
        if threading.active_count() > 1:
            raise RuntimeError("k8slab grade: the parent must be single-threaded to fork safely")
        ctx = multiprocessing.get_context("fork")

        tmp = Path(tempfile.mkdtemp(prefix="k8slab-grade-"))
        try:
            snapshot = tmp / "snapshot"
            shutil.copytree(self.course, snapshot, ignore=shutil.ignore_patterns(*SNAPSHOT_IGNORE))
            # Autograde jobs first, re-checks after: a runaway submission then holds one
            # worker at a time, and the re-checks find more verdicts already cached.
            pending: list[_Job] = []
            retries: list[_Job] = []
            for i, e in enumerate(entregas):
                dest = self.course / "autograded" / e.student / self.lab
                if dest.exists() and not opts.force:
                    e.estado, e.detalle = "omitida", "ya calificada (usa --force para repetir)"
                else:
                    pending.append(_Job("autograde", e, tmp / f"a{i}", retry=retries))
            if opts.recheck:
                pending += [_Job("recheck", e, tmp / f"r{i}") for i, e in enumerate(entregas)]
            remaining = {id(e): sum(1 for j in pending if j.entrega is e) for e in entregas}
            bar = Progreso(len(entregas), enabled=opts.progress)
            for e in entregas:
                if remaining[id(e)] == 0:
                    bar.step()
            running: list[_Job] = []
            finished: list[tuple[_Job, bool | None]] = []

            def refill() -> None:
                while pending and len(running) < max(1, opts.workers):
                    job = pending.pop(0)
                    job.work.mkdir(parents=True)
                    sub = self.course / "submitted" / job.entrega.student / self.lab
                    if job.kind == "autograde":
                        target = _autograde_child
                        args = (snapshot, sub, job.work, job.entrega, opts)
                    else:
                        target = _recheck_child
                        args = (plan, sub, notebook, job.work, opts, verificador)
                    job.proc = ctx.Process(target=target, args=args, daemon=False)
                    job.start = time.monotonic()
                    job.deadline = job.start + opts.timeout + (30 if job.kind == "recheck" else 0)
                    job.proc.start()
                    running.append(job)

            refill()
            while running:
                now = time.monotonic()
                next_deadline = min(j.deadline for j in running)
                ready = wait(
                    [j.proc.sentinel for j in running], timeout=max(0.0, next_deadline - now)
                )
                now = time.monotonic()
                for job in list(running):
                    timed_out = job.proc.sentinel not in ready and now >= job.deadline
                    if job.proc.sentinel not in ready and not timed_out:
                        continue
                    if timed_out:
                        kill_tree(job.proc.pid)
                    job.proc.join()
                    job.end = now
                    running.remove(job)
                    if job.kind == "recheck":  # cheap, and its verdicts feed the next forks
                        self._finish(job, timed_out, verificador)
                        finished.append((job, None))
                    else:
                        finished.append((job, timed_out))
                # Start the next submissions first: merging is the parent's own work.
                refill()
                for job, timed_out in finished:
                    if timed_out is not None:
                        self._finish(job, timed_out, None)
                    shutil.rmtree(job.work, ignore_errors=True)
                    if retries:
                        pending[:0] = retries
                        retries.clear()
                        refill()
                        continue  # the submission is not done yet
                    remaining[id(job.entrega)] -= 1
                    if remaining[id(job.entrega)] == 0:
                        bar.step(job.entrega.student)
                finished.clear()
            bar.close()
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        for e in entregas:
            self._compare(e, plan)
        return entregas

    # -- results
    def _finish(self, job: _Job, timed_out: bool, verificador) -> None:
        e = job.entrega
        elapsed = (job.end or time.monotonic()) - job.start
        if job.kind == "recheck":
            out = job.work / "recheck.json"
            if timed_out or not out.exists():
                e.recheck_errores.append(
                    "el re-examen no terminó" + (" (tiempo agotado)" if timed_out else "")
                )
                return
            data = json.loads(out.read_text())
            e.recheck = data["veredictos"]
            e.recheck_errores.extend(f"{x['celda']}: {x['error']}" for x in data["errores"])
            verificador.cache.update(data.get("cache") or {})
            return
        e.segundos = elapsed
        if timed_out:
            e.estado = "tiempo agotado"
            e.detalle = f"más de {self.opts.timeout:g} s: se detuvo y no se ha calificado"
            e.marcas.append("tiempo agotado")
            return
        private_db = job.work / "course" / "gradebook.db"
        autograded = job.work / "course" / "autograded" / e.student / self.lab
        code = job.proc.exitcode
        if (code != 0 or not autograded.exists()) and job.retry is not None:
            # Once more, in a fresh copy: a kernel can fail to start for reasons that have
            # nothing to do with the notebook (two kernels racing for the same free port).
            job.retry.append(_Job("autograde", e, job.work.with_name(job.work.name + "-bis")))
            e.detalle = "reintentada una vez"
            return
        if code != 0 or not autograded.exists():
            e.estado = "error"
            log = job.work / "nbgrader.log"
            tail = log.read_text(errors="replace")[-800:] if log.exists() else ""
            e.detalle = f"nbgrader autograde terminó con código {code}: {tail.strip()}"
            return
        gbm.merge_submission(private_db, self.db, self.lab, e.student)
        dest = self.course / "autograded" / e.student / self.lab
        if dest.exists():
            shutil.rmtree(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(autograded, dest)
        for nb in sorted(dest.glob("*.ipynb")):
            for m in _marks_of(nb):
                if m not in e.marcas:
                    e.marcas.append(m)
        e.estado = "calificada"

    def _compare(self, e: Entrega, plan) -> None:
        e.celdas = gbm.scores(self.db, self.lab, e.student)
        if e.celdas:
            e.puntos = sum((s or 0) for s, _ in e.celdas.values())
            e.maximo = sum(m for _, m in e.celdas.values())
        if e.recheck is None or e.estado != "calificada":
            return
        for gid, v in e.recheck.items():
            if v["ok"] is None or gid not in e.celdas:
                continue
            score, maximum = e.celdas[gid]
            kernel_ok = bool(maximum) and (score or 0) >= maximum
            if kernel_ok and not v["ok"]:
                e.desacuerdos.append(
                    f"{gid}: nbgrader da {score:g}/{maximum:g} pero el re-examen falla ({v['motivo']})"
                )
            elif v["ok"] and not kernel_ok:
                e.desacuerdos.append(
                    f"{gid}: nbgrader da {score or 0:g}/{maximum:g} pero el re-examen lo aprueba"
                )


def grade(course, lab: str, students: list[str] | None = None, **kw) -> list[Entrega]:
    """Grade ``lab`` for every (or the listed) student(s) of the nbgrader course at ``course``."""
    return Calificador(Path(course), lab, Opciones(**kw)).run(students)

"""Command line of ``k8slab grade`` (also ``python -m k8slab.grade``).

    k8slab grade LAB [--curso DIR] [--alumno ID …] [--workers N] [--tiempo S] [--memoria MB]
                     [--sin-reexamen] [--force] [--informe FICHERO.json] [-- OPCIONES_NBGRADER…]

Exit status: 0 when every submission was graded and nothing needs a look; 2 when some
submission hit a limit, failed, or disagrees with the re-check (listed at the end); 1 on a
usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="k8slab grade",
        description=(
            "Califica con nbgrader todas las entregas de un laboratorio en paralelo, cada una "
            "aislada y con límites de tiempo y memoria, en un solo gradebook; después las "
            "vuelve a examinar fuera del kernel y avisa de cualquier desacuerdo."
        ),
    )
    p.add_argument("lab", help="el laboratorio (assignment de nbgrader), p. ej. 06-reto-final")
    p.add_argument(
        "--curso",
        "--course",
        default=".",
        help="raíz del curso de nbgrader (donde están nbgrader_config.py y gradebook.db)",
    )
    p.add_argument(
        "--alumno", "--student", action="append", default=None, help="solo este alumno (repetible)"
    )
    p.add_argument(
        "--workers",
        "-j",
        type=int,
        default=os.cpu_count() or 2,
        help="entregas calificadas a la vez (por defecto: núcleos de la máquina)",
    )
    p.add_argument(
        "--tiempo",
        "--timeout",
        type=float,
        default=300.0,
        help="límite de tiempo real por entrega, en segundos (por defecto 300)",
    )
    p.add_argument(
        "--memoria",
        "--memory",
        type=int,
        default=2048,
        help="límite de memoria (RLIMIT_AS) por proceso, en MiB; 0 = sin límite (por defecto 2048)",
    )
    p.add_argument(
        "--sin-reexamen", "--no-recheck", action="store_true", help="no hacer el re-examen"
    )
    p.add_argument(
        "--force", action="store_true", help="volver a calificar entregas ya calificadas"
    )
    p.add_argument("--informe", "--report", help="escribir el resultado en este fichero JSON")
    p.add_argument("--quiet", "-q", action="store_true", help="sin barra de progreso")
    p.epilog = "Tras --, opciones para nbgrader autograde (p. ej. -- --Execute.timeout=30)."
    return p


def main(argv: list[str] | None = None) -> int:
    from k8slab.grade.runner import Calificador, Opciones

    argv = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1 :]
    args = _parser().parse_args(argv)
    course = Path(args.curso)
    if not (course / "nbgrader_config.py").exists() and not (course / "gradebook.db").exists():
        print(f"k8slab grade: {course} no parece un curso de nbgrader", file=sys.stderr)
        return 1
    opts = Opciones(
        workers=max(1, args.workers),
        timeout=args.tiempo,
        memory_mb=args.memoria or None,
        recheck=not args.sin_reexamen,
        force=args.force,
        nbgrader_args=tuple(extra),
        progress=not args.quiet,
    )
    try:
        entregas = Calificador(course, args.lab, opts).run(args.alumno)
    except SystemExit as err:
        if isinstance(err.code, str):
            print(err.code, file=sys.stderr)
            return 1
        raise
    print(resumen(entregas))
    if args.informe:
        Path(args.informe).write_text(
            json.dumps([e.to_dict() for e in entregas], ensure_ascii=False, indent=2) + "\n"
        )
    atencion = [
        e
        for e in entregas
        if e.estado not in ("calificada", "omitida") or e.marcas or e.desacuerdos
    ]
    return 2 if atencion else 0


def resumen(entregas) -> str:
    """A plain table of the class, then what needs the instructor's attention."""
    rows = [("alumno", "estado", "puntos", "re-examen", "marcas")]
    for e in entregas:
        pts = "—" if e.puntos is None else f"{e.puntos:g}/{e.maximo:g}"
        rc = "—" if e.recheck_puntos is None else f"{e.recheck_puntos:g}"
        rows.append((e.student, e.estado, pts, rc, ", ".join(e.marcas)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    avisos = []
    for e in entregas:
        if e.estado in ("tiempo agotado", "error"):
            avisos.append(f"* {e.student}: {e.estado}: {e.detalle}")
        elif e.marcas:
            avisos.append(
                f"* {e.student}: calificada, pero con {', '.join(e.marcas)} en alguna celda"
            )
        for d in e.desacuerdos:
            avisos.append(f"* {e.student}: DESACUERDO {d}")
    if avisos:
        lines += ["", "Revisa:"] + avisos
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())

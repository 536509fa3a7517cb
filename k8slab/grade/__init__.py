"""``k8slab grade``: autograde a whole class with nbgrader, in parallel, isolated and limited.

    k8slab grade 06-reto-final --curso grading --workers 4

For every ``submitted/<alumno>/<lab>/`` of an nbgrader course:

1. the real ``nbgrader autograde <lab> --student <alumno>`` runs in a temporary copy of the
   course, in a process of its own forked from a parent that has nbgrader already imported,
   with an address-space limit (``RLIMIT_AS``) and a wall-clock limit (the whole process tree,
   kernel included, is killed when it passes);
2. the results are merged, one submission at a time, into the course's ``gradebook.db`` with
   nbgrader's API, and the autograded notebooks are copied into ``autograded/`` (so
   ``nbgrader generate_feedback`` and ``export`` work as usual);
3. an out-of-kernel re-check runs the submission's answer cells alone in a fresh interpreter
   and regrades the answers with ``k8slab.checks.evaluar``; any disagreement with nbgrader is
   reported (that is how a notebook that fooled its in-kernel tests is caught).

Modules: :mod:`.runner` (scheduling, limits, merge), :mod:`.gradebook` (the merge through
``nbgrader.api.Gradebook``), :mod:`.recheck` and :mod:`._driver` (the re-check),
:mod:`.limits` (rlimits and process-tree kill), :mod:`.cli` (the command line).
"""

from k8slab.grade.runner import Calificador, Entrega, Opciones, grade

__all__ = ["Calificador", "Entrega", "Opciones", "grade"]

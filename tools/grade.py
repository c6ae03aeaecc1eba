"""Grade submitted student notebooks offline: run each, check each exercise, write a CSV.

    python tools/grade.py SUBMISSIONS [--out grades.csv] [--timeout 600] [--cell-timeout 120]
                          [--seed N] [--lms lms.csv]

SUBMISSIONS is a folder of notebooks, either ``SUBMISSIONS/<student>/<NN_chapter>.ipynb`` or
``SUBMISSIONS/<student>__<NN_chapter>.ipynb`` (or any ``.ipynb`` whose name starts with the
chapter's number; the student is then the file's stem). For each notebook:

1. it is read and validated (a malformed file scores 0, with the reason);
2. it runs top to bottom in a fresh kernel, in a temporary folder, with no network (the
   course's ``tools/offline`` start-up file), one BLAS thread, a time limit per cell and per
   notebook (a notebook that loops is stopped and scored on what ran); a cell that raises
   does not stop the run (``allow_errors``);
3. every ``check.ex_...`` call in it logs its result; the checks draw their inputs from a
   seed drawn here, at grading time (``--seed`` to repeat a grading), so a number copied
   from someone's output earns nothing;
4. each exercise of the chapter that has a check gets 1 point, partial credit, or 0 with
   the reason (the check's message, "the check was never called", the cell that failed,
   the time limit).

The CSV has one row per student, notebook and exercise; a summary row per notebook follows
("TOTAL"). ``--lms`` also writes one row per student with the total and the maximum (the
columns most LMS grade imports read: student, score, max). The run never stops on a bad
submission; its exit code is 0 when every notebook was graded.
"""

import argparse
import csv
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHAPTER = re.compile(r"(?:^|__)(\d{2})_")


def chapter_of(path):
    """The chapter number from a submission's file name, or None."""
    match = CHAPTER.search(path.stem)
    return int(match.group(1)) if match else None


def student_of(path, submissions):
    relative = path.relative_to(submissions)
    if len(relative.parts) > 1:
        return relative.parts[0]
    return path.stem.split("__")[0] if "__" in path.stem else path.stem


def _execute(notebook, workdir, cell_timeout):
    """Run in a child process: execute ``notebook`` in place, errors allowed."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(notebook, as_version=4)
    # A cell past its time limit is interrupted (it shows a KeyboardInterrupt) and the run goes on.
    client = NotebookClient(
        nb,
        timeout=cell_timeout,
        interrupt_on_timeout=True,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": workdir}},
    )
    try:
        client.execute()
    finally:
        nbformat.write(nb, notebook)


def first_error(notebook):
    """'cell N raised Name: message' for the first cell that raised, or ''."""
    import nbformat

    try:
        nb = nbformat.read(notebook, as_version=4)
    except Exception:  # noqa: BLE001 (an unreadable result is reported by the caller)
        return ""
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error" and output.get("ename") == "KeyboardInterrupt":
                return f"cell {index} ran past the time limit per cell and was stopped"
            if output.get("output_type") == "error":
                return f"cell {index} raised {output.get('ename')}: {str(output.get('evalue'))[:120]}"
    return ""


def grade_one(path, chapter, seed, timeout, cell_timeout):
    """{label: (score, reason)} for one submission, and a note on the run ('' if clean)."""
    import nbformat

    from mlpkit.exercises import labels

    expected = labels(chapter) if chapter is not None else []
    try:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
    except Exception as error:  # noqa: BLE001 (any unreadable file is a malformed submission)
        reason = f"malformed notebook: {type(error).__name__}: {str(error)[:160]}"
        return {label: (0.0, reason) for label in expected} or {"*": (0.0, reason)}, reason
    if chapter is None:
        reason = "cannot tell the chapter: name the file after it (e.g. 03_backpropagation.ipynb)"
        return {"*": (0.0, reason)}, reason
    with tempfile.TemporaryDirectory(prefix="grade-") as workdir:
        copy = Path(workdir) / "submission.ipynb"
        nbformat.write(nb, copy)
        log = Path(workdir) / "checks.jsonl"
        env = dict(os.environ)
        env.update(
            MLPKIT_CHECK_SEED=str(seed),
            MLPKIT_GRADE_LOG=str(log),
            OPENBLAS_NUM_THREADS="1",
            OMP_NUM_THREADS="1",
            PYTHONPATH=os.pathsep.join(
                filter(None, [str(ROOT / "tools" / "offline"), env.get("PYTHONPATH")])
            ),
        )
        command = [sys.executable, __file__, "--execute-one", str(copy), "--cell-timeout", str(cell_timeout)]
        note = ""
        process = subprocess.Popen(
            command,
            env=env,
            cwd=workdir,
            start_new_session=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            output, _ = process.communicate(timeout=timeout)
            if process.returncode:
                tail = output.decode(errors="replace").strip().splitlines()
                note = f"stopped: {tail[-1][:160] if tail else 'exit code ' + str(process.returncode)}"
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the kernel too: it is in the same session
            process.communicate()
            note = f"stopped after the notebook's time limit of {timeout} s"
        error = first_error(copy)
        results = {}
        if log.exists():
            for line in log.read_text(encoding="utf-8").splitlines():
                try:
                    entry = json.loads(line)
                    results[entry["label"]] = (float(entry["score"]), entry["message"])
                except (ValueError, KeyError, TypeError):
                    continue  # a line the checks did not write
    scores = {}
    for label in expected:
        if label in results:
            score, message = results[label]
            scores[label] = (min(max(score, 0.0), 1.0), "" if score >= 1 else message)
        else:
            why = "the check was never called"
            if note:
                why += f" ({note})"
            elif error:
                why += f" ({error})"
            scores[label] = (0.0, why)
    return scores, note or error


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("submissions", nargs="?", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "grades" / "grades.csv")
    parser.add_argument("--lms", type=Path, help="also write one row per student: student,score,max")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per notebook (default 600)")
    parser.add_argument("--cell-timeout", type=int, default=120, help="seconds per cell (default 120)")
    parser.add_argument("--seed", type=int, help="the checks' seed (default: drawn now)")
    parser.add_argument("--execute-one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.execute_one:
        _execute(args.execute_one, str(args.execute_one.parent), args.cell_timeout)
        return 0
    if args.submissions is None or not args.submissions.is_dir():
        parser.error(f"SUBMISSIONS: expected a folder of notebooks, got {args.submissions}")
    seed = args.seed if args.seed is not None else secrets.randbelow(2**31)
    notebooks = sorted(args.submissions.rglob("*.ipynb"))
    notebooks = [p for p in notebooks if ".ipynb_checkpoints" not in p.parts]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    totals = {}
    with open(args.out, "w", newline="", encoding="utf-8") as handle:
        rows = csv.writer(handle)
        rows.writerow(["student", "notebook", "exercise", "points", "max_points", "reason"])
        for path in notebooks:
            student = student_of(path, args.submissions)
            scores, note = grade_one(path, chapter_of(path), seed, args.timeout, args.cell_timeout)
            name = str(path.relative_to(args.submissions))
            for label, (score, reason) in scores.items():
                rows.writerow([student, name, label, f"{score:g}", 0 if label == "*" else 1, reason])
            got = sum(score for score, _ in scores.values())
            most = sum(1 for label in scores if label != "*")
            rows.writerow([student, name, "TOTAL", f"{got:g}", most, note])
            previous = totals.get(student, (0.0, 0))
            totals[student] = (previous[0] + got, previous[1] + most)
            print(f"{name}: {got:g} / {most}" + (f"  ({note})" if note else ""))
    if args.lms:
        with open(args.lms, "w", newline="", encoding="utf-8") as handle:
            rows = csv.writer(handle)
            rows.writerow(["student", "score", "max"])
            for student, (got, most) in sorted(totals.items()):
                rows.writerow([student, f"{got:g}", most])
    print(f"graded {len(notebooks)} notebooks with check seed {seed}: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

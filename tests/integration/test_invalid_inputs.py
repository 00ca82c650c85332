"""Every broken input gets exactly the diagnostics it should, and exit 1.

Each tests/fixtures/invalid/<case>/ holds files laid over the valid base site
tests/fixtures/invalid/_base/, plus:

  expected.txt       one line per diagnostic, `path:line:column: CODE` (line and
                     column 0 when the diagnostic is about a whole file).
                     `nastavnik check --format json` must report exactly that
                     set and exit 1; a case whose expected.txt holds only
                     warnings (W…) must exit 0, and 1 with --strict.
  expected-text.txt  optional: the exact text report (stderr of `check`, run
                     in the site folder), so the human format cannot drift.
  DELETE             optional: base paths to remove, one a line.
  COPY               optional: `SOURCE TARGET` a line; SOURCE (relative to the
                     repository root) is copied to TARGET in the site before
                     the overlay, e.g. the default theme to edit one template.
  GENERATE           optional: `PATH BYTES` a line; a file of that many bytes is
                     created (too big to keep in the repository).
  README             optional: what the case is about (not copied).

`python3 test_invalid_inputs.py --show CASE…` prints the text report of the
given cases instead of testing, to read them by eye.
"""
import json
import shutil
import sys
from pathlib import Path

from common import ROOT, Failures, copy_site, run, tempdir

INVALID = ROOT / "tests" / "fixtures" / "invalid"
BASE = INVALID / "_base"
CONTROL_FILES = {"expected.txt", "expected-text.txt", "DELETE", "COPY", "GENERATE", "README"}


def make_site(case, work):
    """Lays `case` over a copy of the base site; returns the site folder."""
    site = copy_site(BASE, work / case.name)
    delete = case / "DELETE"
    if delete.exists():
        for rel in delete.read_text(encoding="utf-8").split():
            target = site / rel
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
    copy = case / "COPY"
    if copy.exists():
        for line in copy.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            src, dst = line.split()
            src, dst = ROOT / src, site / dst
            if src.is_dir():
                shutil.copytree(src, dst, dirs_exist_ok=True)
            else:
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dst)
    for src in sorted(case.rglob("*")):
        rel = src.relative_to(case)
        if src.is_dir() or (len(rel.parts) == 1 and rel.name in CONTROL_FILES):
            continue
        dst = site / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
    generate = case / "GENERATE"
    if generate.exists():
        for line in generate.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            rel, size = line.split()
            dst = site / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            with open(dst, "wb") as out:
                out.write(b"%PDF-1.4\n")
                out.truncate(int(size))
    return site


def check_text(site):
    """The text report as a curator sees it: run in the site folder."""
    return run(["check", "--site", ".", "--today", "2023-11-01"], cwd=site)


def main():
    work = tempdir()
    try:
        if len(sys.argv) > 1 and sys.argv[1] == "--show":
            for name in sys.argv[2:]:
                r = check_text(make_site(INVALID / name, work))
                print(f"## {name} (exit {r.returncode})\n{r.stderr}")
            return
        f = Failures()
        checks = 0
        cases = sorted(p for p in INVALID.iterdir() if p.is_dir() and p.name != "_base")
        # The base itself must be clean, or every case would be meaningless.
        r = run(["check", "--site", str(BASE), "--today", "2023-11-01", "--format", "json"])
        checks += 1
        f.check(r.returncode == 0, f"_base is not clean: {r.stdout[:2000]}")
        for case in cases:
            if not f.check((case / "expected.txt").exists(), f"{case.name}: no expected.txt"):
                continue
            site = make_site(case, work)
            want = {l.strip() for l in (case / "expected.txt").read_text(encoding="utf-8").splitlines() if l.strip()}
            r = run(["check", "--site", str(site), "--today", "2023-11-01", "--format", "json"])
            try:
                report = json.loads(r.stdout)
            except json.JSONDecodeError:
                f.check(False, f"{case.name}: not JSON (exit {r.returncode}): {r.stdout[:500]} {r.stderr[:500]}")
                continue
            got = {f"{d['file']}:{d['line']}:{d['column']}: {d['code']}" for d in report["diagnostics"]}
            only_warnings = all(w.split(": ")[-1].startswith("W") for w in want)
            checks += 1
            f.check(got == want, f"{case.name}: diagnostics differ\n  missing: {sorted(want - got)}\n  unexpected: {sorted(got - want)}\n"
                    + "\n".join(f"    {d['file']}:{d['line']}:{d['column']}: {d['code']} {d['message']}" for d in report["diagnostics"]))
            checks += 1
            f.check(r.returncode == (0 if only_warnings else 1), f"{case.name}: exit {r.returncode}")
            for d in report["diagnostics"]:
                checks += 1
                f.check(any("\u0400" <= ch <= "\u04FF" for ch in d["message"]), f"{case.name}: message not in Russian: {d['message']}")
                checks += 1
                f.check(any("\u0400" <= ch <= "\u04FF" for ch in d["hint"]), f"{case.name}: no hint in Russian for {d['code']}: {d['message']}")
            golden = case / "expected-text.txt"
            if golden.exists():
                t = check_text(site)
                want_text = golden.read_text(encoding="utf-8")
                checks += 1
                f.check(t.stderr == want_text, f"{case.name}: text report differs from expected-text.txt\n--- want\n{want_text}--- got\n{t.stderr}")
            if only_warnings:
                r = run(["check", "--site", str(site), "--today", "2023-11-01", "--strict"])
                checks += 1
                f.check(r.returncode == 1, f"{case.name}: --strict did not fail on warnings")
        checks += 1
        f.check(len(cases) >= 40, f"only {len(cases)} invalid-input cases; the issue asks for at least 40")
        f.finish(checks)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

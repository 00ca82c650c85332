"""Every broken input gets exactly the diagnostics it should, and exit 1.

Each tests/fixtures/invalid/<case>/ holds files laid over the valid base site
tests/fixtures/invalid/_base/ (a file named DELETE lists base paths to
remove), and expected.txt: one line per diagnostic, `path:line:column: CODE`
(line/column 0 when the diagnostic is about a whole file). `nastavnik check
--format json` must report exactly that set and exit 1; a case whose
expected.txt holds only warnings (W…) must exit 0, and 1 with --strict.
"""
import json
import shutil
from pathlib import Path

from common import ROOT, Failures, copy_site, run, tempdir

BASE = ROOT / "tests" / "fixtures" / "invalid" / "_base"
CASES = sorted(p for p in (ROOT / "tests" / "fixtures" / "invalid").iterdir() if p.is_dir() and p.name != "_base")

f = Failures()
checks = 0
work = tempdir()
try:
    # The base itself must be clean, or every case would be meaningless.
    r = run(["check", "--site", str(BASE), "--today", "2023-11-01", "--format", "json"])
    checks += 1
    f.check(r.returncode == 0, f"_base is not clean: {r.stdout[:2000]}")
    for case in CASES:
        site = copy_site(BASE, work / case.name)
        delete = case / "DELETE"
        if delete.exists():
            for rel in delete.read_text(encoding="utf-8").split():
                target = site / rel
                if target.is_dir():
                    shutil.rmtree(target)
                elif target.exists():
                    target.unlink()
        for src in case.rglob("*"):
            rel = src.relative_to(case)
            if src.is_dir() or rel.name in ("expected.txt", "DELETE", "README"):
                continue
            dst = site / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
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
        if only_warnings:
            r = run(["check", "--site", str(site), "--today", "2023-11-01", "--strict"])
            checks += 1
            f.check(r.returncode == 1, f"{case.name}: --strict did not fail on warnings")
finally:
    shutil.rmtree(work, ignore_errors=True)
f.finish(checks)

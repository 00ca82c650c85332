"""A sequence of builds into one output folder, which reconcile the kept tree
(`<out>/.public.previous`, publish/output_tree.h) instead of starting from an
empty one, publishes exactly what a build into an empty folder publishes.

On a generated site of 300 cases: a full build, then after each step (edit a
case, delete a case, nothing, --full, add a file to a case and delete
another) a build into the same folder must equal a fresh build of the same
sources into a new folder: the same files with the same bytes and the same
folders, nothing stale (a deleted case's page and folder gone). The public
tree is kept, the internal one (personal data) never is.
"""
import hashlib
import shutil
import subprocess
import sys

from common import ROOT, Failures, build, tempdir

CASES = 300
f = Failures()
checks = 0
work = tempdir()


def listing(root):
    """{relative path: sha256 or "/" for a folder} of every entry under root."""
    out = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        out[rel] = "/" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def compare(step, extra=()):
    """Builds into work/out (incrementally unless `extra` says otherwise) and
    into a new folder, and compares both trees."""
    global checks
    fresh = work / f"fresh-{step}"
    r1 = build(site, work / "out", *extra)
    r2 = build(site, fresh)
    checks += 1
    f.check(r1.returncode == 0 and r2.returncode == 0, f"{step}: builds failed:\n{r1.stderr[-2000:]}\n{r2.stderr[-2000:]}")
    for tree in ("public", "internal"):
        a, b = listing(work / "out" / tree), listing(fresh / tree)
        diff = sorted(p for p in set(a) | set(b) if a.get(p) != b.get(p))
        checks += 1
        f.check(len(b) > CASES if tree == "public" else len(b) > 0, f"{step}: the fresh {tree} tree is too small")
        checks += 1
        f.check(not diff, f"{step}: {tree} differs from a fresh build: {diff[:10]}")
    hidden = sorted(p.name for p in (work / "out").iterdir() if p.name.startswith("."))
    checks += 1
    f.check(hidden == [".nastavnik-deps", ".nastavnik-internal", ".public.previous"],
            f"{step}: unexpected hidden entries in the output folder: {hidden}")
    shutil.rmtree(fresh)


try:
    subprocess.run([sys.executable, str(ROOT / "bench" / "gen_corpus.py"), str(CASES), str(work), "--rows", "200"],
                   check=True)
    site = work / "site"
    cases = site / "content" / "cases"
    r = build(site, work / "out", "--full")
    checks += 1
    f.check(r.returncode == 0, f"first build failed: {r.stderr[-2000:]}")

    edited = cases / "org-0003" / "praktika-000003" / "index.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("## Цель", "## Цель\n\nДобавлен абзац.", 1),
                      encoding="utf-8")
    compare("edit")

    deleted = cases / "org-0002" / "praktika-000002"
    gone = "cases/org-0002/praktika-000002"
    checks += 1
    f.check((work / "out" / "public" / gone / "index.html").exists(), "the case to delete has no page")
    shutil.rmtree(deleted)
    compare("delete")
    checks += 1
    f.check(not (work / "out" / "public" / gone).exists(), "the deleted case's folder is still published")

    compare("nothing")
    compare("full", ("--full",))

    (cases / "org-0004" / "praktika-000004" / "plan.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    shutil.rmtree(cases / "org-0005" / "praktika-000005")
    compare("attachment and delete")
finally:
    shutil.rmtree(work, ignore_errors=True)
f.finish(checks)

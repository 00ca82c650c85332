"""Parallel and incremental builds write exactly what a one-thread full build writes.

On a generated site of 2,000 cases (bench/gen_corpus.py: every body has
~~strike~~, bare https:// URLs and www. links, the cmark-gfm inline
extensions that are not thread-safe):
1. `--jobs 1 --full` and `--jobs 2` builds are byte-identical;
2. after editing one case, an incremental build equals a clean full build of
   the edited site byte for byte, re-renders only the pages whose inputs
   changed, and leaves every unchanged file with its inode and mtime;
3. after editing a registry row, an incremental build (which reuses the
   internal reports only while data/ is unchanged) equals a full build.
"""
import re
import shutil
import subprocess
import sys

from common import ROOT, Failures, build, tempdir, tree_digest

CASES = 2000
f = Failures()
checks = 0
work = tempdir()


def rendered(stderr):
    m = re.search(r"страниц (\d+) \(перерисовано (\d+)\)", stderr)
    return (int(m.group(1)), int(m.group(2))) if m else (None, None)


try:
    subprocess.run([sys.executable, str(ROOT / "bench" / "gen_corpus.py"), str(CASES), str(work), "--rows", "200"],
                   check=True)
    site = work / "site"
    body = (site / "content" / "cases" / "org-0000" / "praktika-000000" / "index.md").read_text(encoding="utf-8")
    checks += 1
    f.check("~~" in body and "https://" in body and " www." in body, "corpus lacks the inline extensions")

    r1 = build(site, work / "serial", "--jobs", "1", "--full")
    r2 = build(site, work / "parallel", "--jobs", "2")
    checks += 1
    f.check(r1.returncode == 0 and r2.returncode == 0, f"builds failed:\n{r1.stderr[-2000:]}\n{r2.stderr[-2000:]}")
    pages, _ = rendered(r1.stderr)
    checks += 1
    f.check(pages is not None and pages > CASES, f"expected more than {CASES} pages: {r1.stderr[-500:]}")
    d1, d2 = tree_digest(work / "serial"), tree_digest(work / "parallel")
    diff = sorted(p for p in set(d1) | set(d2) if d1.get(p) != d2.get(p))
    checks += 1
    f.check(len(d1) > CASES and not diff, f"parallel and serial builds differ: {diff[:10]}")

    # Edit one case and rebuild the parallel tree incrementally.
    out = work / "parallel" / "public"
    stats_before = {p.relative_to(out).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
                    for p in out.rglob("*") if p.is_file()}
    edited = site / "content" / "cases" / "org-0003" / "praktika-000003" / "index.md"
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("## Цель", "## Цель\n\nДобавлен абзац: ~~старое~~ новое, www.new.example.ru.", 1),
                      encoding="utf-8")
    r3 = build(site, work / "parallel", "--jobs", "2")
    r4 = build(site, work / "clean", "--jobs", "2", "--full")
    checks += 1
    f.check(r3.returncode == 0 and r4.returncode == 0, f"rebuilds failed:\n{r3.stderr[-2000:]}\n{r4.stderr[-2000:]}")
    d3, d4 = tree_digest(work / "parallel"), tree_digest(work / "clean")
    diff = sorted(p for p in set(d3) | set(d4) if d3.get(p) != d4.get(p))
    checks += 1
    f.check(not diff, f"incremental build differs from a clean full build: {diff[:10]}")
    case_page = "cases/org-0003/praktika-000003/index.html"
    checks += 1
    f.check("Добавлен абзац" in (out / case_page).read_text(encoding="utf-8"), "the edit is not on the case page")
    pages, redrawn = rendered(r3.stderr)
    checks += 1
    f.check(redrawn is not None and 1 <= redrawn <= 10, f"incremental build re-rendered {redrawn} of {pages} pages")
    # Output files (relative to public/) whose bytes the edit changed.
    changed = {p[len("public/"):] for p in d3 if p.startswith("public/") and d3[p] != d1.get(p)}
    kept_wrong = []
    for rel, (ino, mtime) in stats_before.items():
        p = out / rel
        if rel in changed or not p.exists():
            continue
        st = p.stat()
        if (st.st_ino, st.st_mtime_ns) != (ino, mtime):
            kept_wrong.append(rel)
    checks += 1
    f.check(not kept_wrong, f"unchanged files were rewritten: {kept_wrong[:10]}")
    checks += 1
    f.check(case_page in changed, "the edited case page did not change")

    # Edit a registry row: the internal reports (reused while data/ is
    # unchanged, pipeline/internal_cache.h) must be written again.
    registry = site / "data" / "participants.csv"
    lines = registry.read_text(encoding="utf-8").split("\n")
    cells = lines[1].split(";")
    cells[1] = "Изменённая"
    lines[1] = ";".join(cells)
    registry.write_text("\n".join(lines), encoding="utf-8")
    r5 = build(site, work / "parallel", "--jobs", "2")
    r6 = build(site, work / "clean2", "--jobs", "2", "--full")
    checks += 1
    f.check(r5.returncode == 0 and r6.returncode == 0, f"registry rebuilds failed:\n{r5.stderr[-2000:]}\n{r6.stderr[-2000:]}")
    d5, d6 = tree_digest(work / "parallel"), tree_digest(work / "clean2")
    diff = sorted(p for p in set(d5) | set(d6) if d5.get(p) != d6.get(p))
    checks += 1
    f.check(not diff, f"incremental build after a registry edit differs from a full build: {diff[:10]}")
    internal = [p for p in d5 if p.startswith("internal/registries/")]
    checks += 1
    f.check(internal and all(d5[p] != d3.get(p) for p in internal),
            f"the internal registry reports did not change with the registry: {internal}")
finally:
    shutil.rmtree(work, ignore_errors=True)
f.finish(checks)

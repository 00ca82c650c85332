"""A failed build leaves the previous output exactly as it was.

Builds a copy of the demo site, breaks one front matter, builds again and
expects exit 1, a file:line diagnostic, and an unchanged output tree; then
checks that an unchanged rebuild does not rewrite files (same inodes).
"""
import shutil

from common import ROOT, Failures, build, copy_site, tempdir, tree_digest

f = Failures()
checks = 0
work = tempdir()
try:
    site = copy_site(ROOT, work / "site")
    out = work / "out"
    r = build(site, out)
    checks += 1
    f.check(r.returncode == 0, f"first build failed: {r.stderr}")
    before = tree_digest(out)
    index = out / "public" / "index.html"
    inode_before = index.stat().st_ino

    r = build(site, out)
    checks += 1
    f.check(r.returncode == 0 and index.stat().st_ino == inode_before,
            "an unchanged rebuild rewrote index.html (new inode)")

    order = site / "content" / "orders" / "uo-prikaz-125-2021.md"
    text = order.read_text(encoding="utf-8")
    broken = text.replace("\ndate:", "\ndate: [01.09.2021\n_was_date:", 1)
    order.write_text(broken, encoding="utf-8")
    r = build(site, out)
    checks += 1
    f.check(r.returncode == 1, f"broken front matter: exit {r.returncode}, expected 1")
    checks += 1
    f.check("content/orders/uo-prikaz-125-2021.md:" in r.stderr, f"no file:line in diagnostics:\n{r.stderr}")
    checks += 1
    f.check(tree_digest(out) == before, "a failed build changed the output")
    leftovers = [p.name for p in out.iterdir() if p.name.startswith(".") and p.name not in (".nastavnik-deps", ".nastavnik-internal")]
    checks += 1
    f.check(not leftovers, f"staging left behind: {leftovers}")
finally:
    shutil.rmtree(work, ignore_errors=True)
f.finish(checks)

"""The demo site in the repository builds, is complete and is reproducible.

- exit 0 and output/public/index.html plus one page per demo order;
- every internal link and asset reference in every HTML file resolves to a
  file in the output;
- two builds give byte-identical trees.
"""
import shutil
from pathlib import Path
from urllib.parse import unquote

from common import ROOT, Failures, build, internal_links, tempdir, tree_digest

f = Failures()
checks = 0
work = tempdir()
try:
    out1, out2 = work / "out1", work / "out2"
    r = build(ROOT, out1)
    checks += 1
    f.check(r.returncode == 0, f"demo build exit {r.returncode}:\n{r.stderr}")
    public = out1 / "public"
    checks += 1
    f.check((public / "index.html").is_file(), "output/public/index.html missing")
    for order in sorted((ROOT / "content" / "orders").glob("*.md")):
        checks += 1
        f.check((public / "orders" / order.stem / "index.html").is_file(), f"no page for order {order.stem}")

    broken = []
    html_files = sorted(public.rglob("*.html"))
    for page in html_files:
        html = page.read_text(encoding="utf-8")
        for link in internal_links(html):
            target = unquote(link.split("#")[0].split("?")[0])
            if not target:
                continue
            resolved = (page.parent / target).resolve()
            if not resolved.is_file() or public.resolve() not in resolved.parents:
                broken.append(f"{page.relative_to(public)} → {link}")
    checks += 1
    f.check(not broken, "broken internal links:\n  " + "\n  ".join(broken[:40]))
    checks += 1
    f.check(len(html_files) > 20, f"only {len(html_files)} HTML files")

    r2 = build(ROOT, out2)
    checks += 1
    f.check(r2.returncode == 0, f"second build exit {r2.returncode}")
    d1, d2 = tree_digest(out1), tree_digest(out2)
    diff = sorted(set(d1.items()) ^ set(d2.items()))
    checks += 1
    f.check(not diff, "two builds differ: " + ", ".join(sorted({p for p, _ in diff})[:20]))
finally:
    shutil.rmtree(work, ignore_errors=True)
f.finish(checks)

"""The demo site's spreadsheets open in LibreOffice and recompute to their cached values.

Builds the demo site, then:
- every public workbook (output/public/files/*.xlsx) and every internal one
  goes through tests/xlsx/check_with_libreoffice.py (real LibreOffice,
  recalculation forced on load);
- no workbook under output/internal/ has a namesake under output/public/;
- every public workbook is linked from at least one page.
"""
import shutil
import subprocess
import sys
from pathlib import Path

from common import ROOT, Failures, build, tempdir

f = Failures()
checks = 0
work = tempdir()
try:
    out = work / "out"
    r = build(ROOT, out)
    checks += 1
    f.check(r.returncode == 0, f"build failed:\n{r.stderr}")
    public, internal = out / "public", out / "internal"
    public_books = sorted(public.rglob("*.xlsx"))
    internal_books = sorted(internal.rglob("*.xlsx")) if internal.exists() else []
    checks += 1
    f.check(len(public_books) >= 2, f"expected public workbooks, found {[p.name for p in public_books]}")
    names = {p.name for p in public_books}
    for book in internal_books:
        checks += 1
        f.check(book.name not in names, f"internal workbook {book.name} also under public/")
    pages = "\n".join(p.read_text(encoding="utf-8") for p in public.rglob("*.html"))
    for book in public_books:
        checks += 1
        f.check(book.name in pages, f"{book.relative_to(public)} is not linked from any page")
    # The checker works on one folder; gather every workbook into one.
    gathered = work / "books"
    gathered.mkdir()
    for i, book in enumerate(public_books + internal_books):
        shutil.copyfile(book, gathered / f"{i:03d}-{book.name}")
    lo = subprocess.run([sys.executable, str(ROOT / "tests" / "xlsx" / "check_with_libreoffice.py"), str(gathered)],
                        capture_output=True, text=True, timeout=900)
    print(lo.stdout[-3000:])
    checks += 1
    f.check(lo.returncode == 0, f"LibreOffice check failed (exit {lo.returncode}):\n{lo.stdout[-2000:]}\n{lo.stderr[-2000:]}")
finally:
    shutil.rmtree(work, ignore_errors=True)
f.finish(checks)

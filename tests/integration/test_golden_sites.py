"""Fixture sites build to exactly their golden output.

Each tests/fixtures/sites/<name>/ is a small complete site; its expected
public tree is tests/fixtures/sites/<name>.expected/. To refresh the goldens
after an intended change, run:

    UPDATE_GOLDEN=1 python3 tests/integration/test_golden_sites.py

and review the diff with git before committing.
"""
import difflib
import io
import os
import shutil
import zipfile
from pathlib import Path

from common import ROOT, Failures, build, tempdir

SITES = ROOT / "tests" / "fixtures" / "sites"
update = os.environ.get("UPDATE_GOLDEN") == "1"
f = Failures()
checks = 0


def same_zip_contents(a, b):
    """True when two ZIP files (workbooks) hold the same members, in the same
    order, with the same stored times and the same uncompressed bytes. The
    compressed bytes are not pinned: they depend on the deflate code the
    machine's CPU selects (ISA-L) or on the zlib version; that one machine
    gives the same bytes twice is what the determinism tests check."""
    try:
        za, zb = zipfile.ZipFile(io.BytesIO(a)), zipfile.ZipFile(io.BytesIO(b))
    except zipfile.BadZipFile:
        return False
    ia, ib = za.infolist(), zb.infolist()
    return [(i.filename, i.date_time) for i in ia] == [(i.filename, i.date_time) for i in ib] and all(
        za.read(x) == zb.read(y) for x, y in zip(ia, ib))


work = tempdir()
try:
    for site in sorted(p for p in SITES.iterdir() if p.is_dir() and not p.name.endswith(".expected")):
        out = work / site.name
        r = build(site, out)
        checks += 1
        if not f.check(r.returncode == 0, f"{site.name}: exit {r.returncode}\n{r.stderr}"):
            continue
        got_root = out / "public"
        expected_root = SITES / (site.name + ".expected")
        if update:
            shutil.rmtree(expected_root, ignore_errors=True)
            shutil.copytree(got_root, expected_root)
            print(f"updated {expected_root.relative_to(ROOT)}")
            continue
        got = {p.relative_to(got_root).as_posix() for p in got_root.rglob("*") if p.is_file()}
        want = {p.relative_to(expected_root).as_posix() for p in expected_root.rglob("*") if p.is_file()}
        checks += 1
        f.check(got == want, f"{site.name}: files differ: missing {sorted(want - got)[:10]}, extra {sorted(got - want)[:10]}")
        for rel in sorted(got & want):
            a, b = (expected_root / rel).read_bytes(), (got_root / rel).read_bytes()
            checks += 1
            if a != b and rel.endswith(".xlsx") and same_zip_contents(a, b):
                continue
            if a != b:
                try:
                    diff = "".join(difflib.unified_diff(a.decode().splitlines(True), b.decode().splitlines(True),
                                                        f"expected/{rel}", f"got/{rel}", n=2))[:3000]
                except UnicodeDecodeError:
                    diff = "(binary files differ)"
                f.check(False, f"{site.name}: {rel} differs from golden\n{diff}")
finally:
    shutil.rmtree(work, ignore_errors=True)
f.finish(checks)

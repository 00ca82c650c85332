"""The same registries saved by Excel as «CSV UTF-8» (BOM, commas) and as
«CSV (разделители — точки с запятой)» (Windows-1251, semicolons) give a
byte-identical site.

Every registry of the demo site is read with Python's csv module and written
both ways (CRLF line ends and minimal quoting, as Excel does); the two sites
are built and their public and internal trees compared file by file.
"""
import csv
import io
import shutil

from common import ROOT, Failures, build, copy_site, tempdir, tree_digest

f = Failures()
checks = 0
work = tempdir()


def read_rows(path):
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1251")
    delimiter = ";" if text.splitlines()[0].count(";") >= text.splitlines()[0].count(",") else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def write_rows(path, rows, delimiter, encoding):
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL).writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))


try:
    sites = {}
    for name, delimiter, encoding in (("utf8-comma", ",", "utf-8-sig"), ("cp1251-semicolon", ";", "cp1251")):
        site = copy_site(ROOT, work / name)
        for registry in sorted((site / "data").glob("*.csv")):
            write_rows(registry, read_rows(registry), delimiter, encoding)
        sites[name] = site
    # The two spellings really differ on disk, or the test proves nothing.
    a, b = (sites[n] / "data" / "organizations.csv" for n in ("utf8-comma", "cp1251-semicolon"))
    checks += 1
    f.check(a.read_bytes().startswith(b"\xef\xbb\xbf") and b";" not in a.read_bytes().splitlines()[0]
            and b.read_bytes()[:1] != b"\xef" and b";" in b.read_bytes().splitlines()[0],
            "the two registry files are not UTF-8/comma and Windows-1251/semicolon")
    digests = {}
    for name, site in sites.items():
        r = build(site, work / (name + "-out"))
        checks += 1
        f.check(r.returncode == 0, f"{name}: build failed (exit {r.returncode})\n{r.stderr[-3000:]}")
        digests[name] = {part: tree_digest(work / (name + "-out") / part) for part in ("public", "internal")}
    for part in ("public", "internal"):
        x, y = digests["utf8-comma"][part], digests["cp1251-semicolon"][part]
        if part == "public":  # internal reports may not exist yet
            checks += 1
            f.check(len(x) > 10, f"{part}: only {len(x)} files built")
        checks += 1
        differ = sorted(k for k in set(x) | set(y) if x.get(k) != y.get(k))
        f.check(not differ, f"{part}: {len(differ)} files differ between the encodings: {differ[:10]}")
finally:
    shutil.rmtree(work, ignore_errors=True)
f.finish(checks)

"""`check --format github` prints workflow annotations GitHub can place.

GitHub puts an annotation on a pull request's line only when `file=` is the
path from the repository root, and a workflow runs in that root. So the paths
must be relative to the current folder, whatever --site says: the site may be
the repository itself or a subfolder of it. The broken site is the
`unknown-key` invalid-input fixture (and `bad-slug` for a path with spaces).
"""
import re
import shutil

from common import ROOT, Failures, run, tempdir
from test_invalid_inputs import INVALID, make_site

ANNOTATION = re.compile(r"^::(error|warning) file=([^,]+)(?:,line=(\d+))?(?:,col=(\d+))?,title=([EW]\d{3})::(.+)$")

f = Failures()
checks = 0
work = tempdir()
try:
    repo = work / "repo"
    (repo / "docs").mkdir(parents=True)
    site = make_site(INVALID / "unknown-key", work)
    shutil.move(str(site), str(repo / "docs" / "site"))
    want = "::error file={prefix}content/orders/uo-1.md,line=4,col=1,title=E040::неизвестный параметр «dat»%0Aвозможно, имелось в виду «date»"

    # The site in a subfolder of the repository, the workflow in the root.
    for site_arg in ("docs/site", "./docs/site/", str(repo / "docs" / "site")):
        r = run(["check", "--site", site_arg, "--today", "2023-11-01", "--format", "github"], cwd=repo)
        checks += 1
        f.check(r.stdout.splitlines() == [want.format(prefix="docs/site/")],
                f"--site {site_arg}: got {r.stdout!r}")
        checks += 1
        f.check(r.returncode == 1, f"--site {site_arg}: exit {r.returncode}")
        checks += 1
        f.check(r.stderr == "", f"--site {site_arg}: github format wrote to stderr: {r.stderr!r}")

    # The site is the repository (the demo layout): paths start at content/.
    r = run(["check", "--today", "2023-11-01", "--format", "github"], cwd=repo / "docs" / "site")
    checks += 1
    f.check(r.stdout.splitlines() == [want.format(prefix="")], f"site = repository: got {r.stdout!r}")

    # Every line is a well-formed annotation, also for a whole-file problem
    # (no line) and a file name with spaces and Cyrillic letters.
    slug_site = make_site(INVALID / "bad-slug", work)
    r = run(["check", "--site", ".", "--today", "2023-11-01", "--format", "github"], cwd=slug_site)
    lines = r.stdout.splitlines()
    checks += 1
    f.check(len(lines) == 1 and lines[0].startswith("::error file=content/orders/Приказ 5 от 01.10.2021.md,title=E007::"),
            f"bad-slug: got {r.stdout!r}")
    for line in lines:
        checks += 1
        f.check(ANNOTATION.match(line) is not None, f"not an annotation: {line!r}")

    # A clean site prints nothing and exits 0.
    r = run(["check", "--site", str(INVALID / "_base"), "--today", "2023-11-01", "--format", "github"])
    checks += 1
    f.check(r.returncode == 0 and r.stdout == "", f"clean site: exit {r.returncode}, {r.stdout!r}")
finally:
    shutil.rmtree(work, ignore_errors=True)
f.finish(checks)

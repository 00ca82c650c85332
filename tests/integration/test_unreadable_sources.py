"""A folder or file of the site that cannot be read is an error, never a
silent loss: a case folder a school submitted must not vanish from the site.

Tests run as root, whom permissions do not stop, so the builds here run as
an unprivileged user (setpriv, util-linux) over a copy of the minimal
fixture site with one case folder, one order and one registry made
unreadable (chmod 000) at once: each is reported as E001 on its own path,
all in one run, the exit code is 1 and the previous output stays as it was.
A folder that can be entered but not listed (no r) is reported too.
"""
import os
import shutil
import sys

from common import FIXED_TODAY, NASTAVNIK, ROOT, Failures, copy_site, run, tempdir, tree_digest

NOBODY = 65534
SETPRIV = shutil.which("setpriv")

f = Failures()
checks = 0
if os.geteuid() != 0 or not SETPRIV:
    print("skipped: needs root and setpriv to run a build as an unprivileged user")
    sys.exit(0)

work = tempdir()
try:
    os.chmod(work, 0o755)  # mkdtemp's 0700 would stop the unprivileged user
    binary = work / "nastavnik"  # where that user can run it, whatever the build folder's modes
    shutil.copy2(NASTAVNIK, binary)
    site = copy_site(ROOT / "tests" / "fixtures" / "sites" / "minimal", work / "site")
    out = work / "out"
    out.mkdir()
    os.chown(out, NOBODY, NOBODY)

    def build_as_nobody():
        return run(["build", "--site", str(site), "--out", str(out), "--today", FIXED_TODAY],
                   command=[SETPRIV, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", str(binary)])

    r = build_as_nobody()
    checks += 1
    f.check(r.returncode == 0, f"the readable site did not build as an unprivileged user: {r.stderr}")
    before = tree_digest(out)

    case_dir = "content/cases/sch-1/shkola-molodogo-pedagoga"
    order = "content/orders/uo-1.md"
    registry = "data/organizations.csv"
    for rel in (case_dir, order, registry):
        os.chmod(site / rel, 0)
    r = build_as_nobody()
    checks += 1
    f.check(r.returncode == 1, f"unreadable sources: exit {r.returncode}, expected 1\n{r.stderr}")
    expected = [
        f"{case_dir}: ошибка E001: не удалось открыть папку: файлы в ней не попадут на сайт",
        f"{order}: ошибка E001: не удалось прочитать файл",
        f"{registry}: ошибка E001: не удалось прочитать файл",
    ]
    for line in expected:
        checks += 1
        f.check(line in r.stderr, f"missing «{line}» in:\n{r.stderr}")
    checks += 1
    f.check("Найдено ошибок: 3," in r.stderr, f"expected exactly these 3 errors (no cascade):\n{r.stderr}")
    checks += 1
    f.check(tree_digest(out) == before, "a build with unreadable sources changed the output")
    for rel in (case_dir, order, registry):
        os.chmod(site / rel, 0o755 if rel == case_dir else 0o644)

    # Entered but not listed (x without r).
    os.chmod(site / "content" / "cases" / "uo", 0o311)
    r = build_as_nobody()
    checks += 1
    f.check(r.returncode == 1 and "content/cases/uo: ошибка E001: не удалось открыть папку" in r.stderr,
            f"a folder that cannot be listed: exit {r.returncode}\n{r.stderr}")
    os.chmod(site / "content" / "cases" / "uo", 0o755)

    r = build_as_nobody()
    checks += 1
    f.check(r.returncode == 0 and tree_digest(out) == before, f"readable again: exit {r.returncode}\n{r.stderr}")
finally:
    shutil.rmtree(work, ignore_errors=True)
f.finish(checks)

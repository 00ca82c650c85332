"""Builds the demo site once per test run for the web tests, with the search
index when Pagefind is installed at the repository root (package.json there;
`make site` and `make test` run npm ci)."""
import os
import shutil
import sys

from common import ROOT, build, tempdir

PAGEFIND = ROOT / "node_modules" / ".bin" / "pagefind"


def build_demo(require_search=True):
    """Returns the path of the built public tree; exits the test on failure."""
    if require_search and not PAGEFIND.exists():
        print(f"FAIL: нет {PAGEFIND}: выполните npm ci в корне репозитория (make test делает это сам)")
        print("0 passed, 1 failed")
        sys.exit(1)
    out = tempdir()
    r = build(ROOT, out)
    if r.returncode != 0:
        print(r.stderr)
        print("FAIL: демонстрационный сайт не собрался")
        print("0 passed, 1 failed")
        sys.exit(1)
    public = out / "public"
    if require_search and not (public / "pagefind" / "pagefind-ui.js").exists():
        print(r.stderr)
        print("FAIL: сборка прошла, но поисковый индекс не построен")
        print("0 passed, 1 failed")
        sys.exit(1)
    return public


def cleanup(public):
    shutil.rmtree(public.parent, ignore_errors=True)

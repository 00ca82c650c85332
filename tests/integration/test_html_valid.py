"""Every HTML file of the demo site passes the Nu HTML Checker (vnu-jar from
npm, tests/web; Java from Debian) with zero errors. The checker is first run
on a page with a known error, so a checker that reports nothing at all cannot
pass the test."""
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import ROOT, Failures  # noqa: E402
from site_build import build_demo, cleanup  # noqa: E402

VNU = ROOT / "tests" / "web" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu(target):
    r = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", str(target)],
                       capture_output=True, text=True, timeout=600)
    return r.returncode, (r.stdout + r.stderr).strip()


def main():
    f = Failures()
    if not VNU.exists() or not shutil.which("java"):
        f.check(False, f"нет {VNU} или java: выполните .ci/install-deps.sh test (make test делает это сам)")
        f.finish(0)
    public = build_demo()
    broken = public.parent / "broken"
    broken.mkdir()
    (broken / "index.html").write_text('<!DOCTYPE html><html lang="ru"><head><title>x</title></head>'
                                       '<body><p><div>блок в абзаце</p></body></html>', encoding="utf-8")
    code, out = vnu(broken)
    f.check(code != 0 and "error" in out.lower(), f"Nu checker не нашёл заведомую ошибку: {out}")

    pages = sorted(public.rglob("*.html"))
    f.check(len(pages) > 10, f"страниц для проверки слишком мало: {len(pages)}")
    code, out = vnu(public)
    f.check(code == 0 and not out, f"Nu HTML Checker нашёл ошибки:\n{out.replace(str(public) + '/', '')}")
    print(f"проверено страниц: {len(pages)}")
    cleanup(public)
    f.finish(len(pages) + 1)


if __name__ == "__main__":
    main()

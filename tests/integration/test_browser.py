"""Accessibility, reflow, keyboard and search checks in a real browser: builds
the demo site (with its Pagefind index), serves it on 127.0.0.1 with Python's
http.server and runs tests/web/browser_test.mjs (Playwright driving Debian's
Chromium, axe-core). `make test` installs Chromium and tests/web's npm
packages (.ci/install-deps.sh test).

Set SCREENSHOT_DIR to keep screenshots of every checked page."""
import functools
import http.server
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import ROOT  # noqa: E402
from site_build import build_demo, cleanup  # noqa: E402

WEB = ROOT / "tests" / "web"
# A word form that appears nowhere on the demo site, and the case whose text
# has other forms of the same word («видеовстречи», «видеовстреча»): finding
# it proves the index stems Russian, not that it matched a substring.
ABSENT_FORM = "видеовстречами"
ABSENT_FORM_PAGE = "cases/ddt/virtualnyy-nastavnik-pdo/"


def fail(message):
    print("FAIL:", message)
    print("0 passed, 1 failed")
    sys.exit(1)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main():
    for tool in ("playwright-core", "axe-core"):
        if not (WEB / "node_modules" / tool).exists():
            fail(f"нет {tool} в tests/web/node_modules: выполните .ci/install-deps.sh test (make test делает это сам)")
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).exists():
        fail(f"нет Chromium ({chromium}): выполните .ci/install-deps.sh test")
    public = build_demo()

    texts = {p: p.read_text(encoding="utf-8") for p in public.rglob("*.html") if "pagefind" not in p.parts}
    if any(ABSENT_FORM in t.lower() for t in texts.values()):
        fail(f"словоформа «{ABSENT_FORM}» есть на сайте: выберите другую для проверки морфологии")
    page = public / ABSENT_FORM_PAGE / "index.html"
    if page not in texts or "видеовстреч" not in texts[page].lower():
        fail(f"на странице {ABSENT_FORM_PAGE} нет слова «видеовстреча» в другой форме")
    image_page = next((p for p, t in sorted(texts.items()) if re.search(r"<main[\s\S]*<img[\s\S]*</main>", t)), None)
    if image_page is None:
        fail("на демонстрационном сайте нет страницы с картинкой: нечем проверить, что картинки скрываются")

    handler = functools.partial(QuietHandler, directory=str(public))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    env = dict(os.environ, ABSENT_FORM=ABSENT_FORM, ABSENT_FORM_PAGE=ABSENT_FORM_PAGE,
               IMAGE_PAGE=image_page.relative_to(public).as_posix(), CHROMIUM=chromium)
    try:
        r = subprocess.run(["node", str(WEB / "browser_test.mjs"), base, str(public)], env=env, timeout=900)
    finally:
        server.shutdown()
        cleanup(public)
    sys.exit(r.returncode)


if __name__ == "__main__":
    main()

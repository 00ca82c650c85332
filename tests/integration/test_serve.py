"""`nastavnik serve`: serves the built site, rebuilds on change, shows errors.

Starts serve on a free loopback port over a temporary copy of the minimal
fixture site, then: fetches pages (reload script injected only in served
HTML, never in the built files), content types, a Cyrillic percent-encoded
file name, a directory without its slash (redirect); path traversal ("..",
"%2e%2e", a symlink out of the tree) is refused; an edited order appears
within a bounded time; a broken edit shows the escaped error overlay; fixing
it brings the site back. Every wait is bounded and the server is always
stopped.
"""
import http.client
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

from common import FIXED_TODAY, NASTAVNIK, ROOT, Failures, copy_site, tempdir

f = Failures()
checks = 0
work = tempdir()
proc = None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port, path):
    """(status, headers dict, body text); path is sent exactly as given."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.putrequest("GET", path, skip_accept_encoding=True)
        conn.endheaders()
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read().decode("utf-8", "replace")
    except OSError:
        return 0, {}, ""
    finally:
        conn.close()


def wait_for(predicate, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


try:
    site = copy_site(ROOT / "tests" / "fixtures" / "sites" / "minimal", work / "site")
    out = work / "out"
    port = free_port()
    env = dict(os.environ, SOURCE_DATE_EPOCH="1698796800")
    log = open(work / "serve.log", "w")
    proc = subprocess.Popen([NASTAVNIK, "serve", "--site", str(site), "--out", str(out), "--today", FIXED_TODAY,
                             "--port", str(port)], stdout=log, stderr=subprocess.STDOUT, env=env)
    checks += 1
    up = f.check(wait_for(lambda: get(port, "/")[0] == 200, 60), "serve did not answer within 60 s")
    if up:
        status, headers, body = get(port, "/")
        checks += 1
        f.check(headers.get("content-type", "").startswith("text/html") and "charset=utf-8" in headers["content-type"],
                f"home page content type: {headers.get('content-type')}")
        checks += 1
        f.check("/__nastavnik/generation" in body, "no reload script in the served page")
        checks += 1
        f.check("__nastavnik" not in (out / "public" / "index.html").read_text(encoding="utf-8"),
                "the reload script leaked into the built file")
        status, headers, _ = get(port, "/static/style.css")
        checks += 1
        f.check(status == 200 and headers.get("content-type", "").startswith("text/css"),
                f"style.css: {status} {headers.get('content-type')}")
        status, headers, _ = get(port, "/orders")
        checks += 1
        f.check(status == 301 and headers.get("location") == "/orders/", f"/orders: {status} {headers.get('location')}")

        # A Cyrillic file name, percent-encoded as browsers send it.
        (out / "public" / "файл.txt").write_text("привет", encoding="utf-8")
        status, headers, body = get(port, "/%D1%84%D0%B0%D0%B9%D0%BB.txt")
        checks += 1
        f.check(status == 200 and body == "привет" and headers.get("content-type", "").startswith("text/plain"),
                f"Cyrillic file: {status} {body!r}")

        secret = work / "secret.txt"
        secret.write_text("секрет", encoding="utf-8")
        os.symlink(work, out / "public" / "escape")
        for path in ["/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/orders/..%2f..%2fsecret.txt",
                     "/escape/secret.txt", "/..\\secret.txt", "/%00"]:
            status, _, body = get(port, path)
            checks += 1
            f.check(status in (403, 404) and "секрет" not in body, f"traversal {path}: {status} {body[:80]!r}")

        # An edit shows up within a bounded time.
        order = site / "content" / "orders" / "uo-1.md"
        original = order.read_text(encoding="utf-8")
        order.write_text(original.replace("ПРИКАЗЫВАЮ", "ПРИКАЗЫВАЮ (правка для предпросмотра)"), encoding="utf-8")
        checks += 1
        f.check(wait_for(lambda: "правка для предпросмотра" in get(port, "/orders/uo-1/")[2], 60),
                "the edited order did not appear within 60 s")

        # A broken edit: the overlay with the escaped diagnostic replaces pages.
        order.write_text(original.replace("\ndate:", "\ndate: [01.09.2021 <script>alert(1)</script>\n_was:", 1),
                         encoding="utf-8")
        checks += 1
        f.check(wait_for(lambda: get(port, "/orders/uo-1/")[0] == 500, 60), "no error overlay within 60 s")
        status, _, body = get(port, "/orders/uo-1/")
        checks += 1
        f.check("content/orders/uo-1.md" in body and "Сайт не собран" in body, f"overlay lacks the diagnostic: {body[:300]}")
        checks += 1
        f.check("<script>alert(1)</script>" not in body, "the overlay does not escape the diagnostic")

        order.write_text(original, encoding="utf-8")
        checks += 1
        f.check(wait_for(lambda: get(port, "/orders/uo-1/")[0] == 200, 60), "the site did not come back after the fix")

        # A case in new subfolders (content/cases/<org>/<slug>/) is noticed too.
        case_dir = site / "content" / "cases" / "sch-1" / "novaya-praktika"
        case_dir.mkdir(parents=True)
        (case_dir / "index.md").write_text(
            "---\ntitle: Новая практика школы\norganization: sch-1\ndate: 01.10.2023\nauthors: [Петрова Анна Ивановна]\n"
            "form: учитель – учитель\nkind: традиционное\nelement: адаптация\nacademic_year: 2023-2024\n"
            "summary: Кратко о практике.\n---\n\nТекст новой практики.\n", encoding="utf-8")
        checks += 1
        f.check(wait_for(lambda: "Текст новой практики" in get(port, "/cases/sch-1/novaya-praktika/")[2], 60),
                "a case in a new folder did not appear")
finally:
    if proc:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        checks += 1
        f.check(proc.returncode == 0, f"serve exited with {proc.returncode}")
    if f.items and (work / "serve.log").exists():
        print((work / "serve.log").read_text(encoding="utf-8")[-3000:])
    shutil.rmtree(work, ignore_errors=True)
f.finish(checks)

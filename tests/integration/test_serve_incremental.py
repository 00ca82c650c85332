"""`nastavnik serve` rebuilds after edits with output identical to a full build.

Starts serve on a generated site (bench/gen_corpus.py, 100 cases), then after
each step compares the served tree (output/public on disk: the reload script
is injected only into responses) byte for byte with a fresh `build --full`
of the same sources:

1. an edit of a case's text: the case page shows it, and it was a quick
   rebuild (one page rewritten in place, no full build);
2. an edit of the case's title: the case page and the catalog page listing
   the case show the new title, without a full build (the session keeps the
   loaded site: only the case and the pages showing its card are written);
   its summary and results, likewise; a new tag, an edited date, a tag
   removed, another form, kind and year (the case moves in the catalog:
   still no full build; the tree is compared once serve logs that its phase
   2, the rest of the catalog, is done, and the reload poll's version of the
   case page moved while an untouched page's did not); two such edits in a
   row; an organization that
   does not match the folder (E088: the overlay) and back;
3. an edit that introduces an error: the overlay is shown; the fix brings
   the site back;
4. a new case in a new organization subfolder appears.

Runs twice: with inotify and with the polling fallback (NASTAVNIK_WATCH_POLL).
Every wait is bounded and the server is always stopped.
"""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from common import FIXED_TODAY, NASTAVNIK, ROOT, Failures, build, tempdir, tree_digest

f = Failures()
checks = 0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port, path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")
    except OSError:
        return 0, ""


def wait_for(predicate, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def check(ok, message):
    global checks
    checks += 1
    return f.check(ok, message)


def same_as_full_build(site, out, work, step):
    """The served tree equals a fresh full build of the same sources."""
    fresh = work / f"fresh-{step}"
    r = build(site, fresh, "--full")
    if not check(r.returncode == 0, f"{step}: the full build failed: {r.stderr[-2000:]}"):
        return
    full = tree_digest(fresh / "public")
    # A case edit writes its downloads (workbook, feed) just after its pages:
    # the served tree must reach the full build's within a few seconds.
    deadline = time.time() + 10
    while True:
        served = tree_digest(out / "public")
        differ = sorted(p for p in set(served) | set(full) if served.get(p) != full.get(p))
        if not differ or time.time() > deadline:
            break
        time.sleep(0.2)
    check(not differ, f"{step}: served tree differs from a full build in {len(differ)} files: {differ[:8]}")
    shutil.rmtree(fresh, ignore_errors=True)


def phase2_done(log_path):
    """Case edits whose phase 2 (the rest of the catalog) serve has finished."""
    return log_path.read_text(encoding="utf-8").count("Остальные страницы обновлены за")


def version(port, page):
    """The page's version as the preview's reload poll sees it."""
    status, text = get(port, "/__nastavnik/generation?path=" + urllib.parse.quote(page, safe=""))
    return int(text) if status == 200 else None


def rebuilds(log_path):
    """Rebuilds finished so far: (quick ones, all), from serve's log."""
    text = log_path.read_text(encoding="utf-8")
    quick = text.count("Обновлено за")
    return quick, quick + text.count("Собрано за") + text.count("Сайт не собран")


def scenario(polling):
    work = tempdir()
    proc = None
    mode = "polling" if polling else "inotify"
    try:
        subprocess.run([sys.executable, str(ROOT / "bench" / "gen_corpus.py"), "100", str(work / "corpus"),
                        "--rows", "300"], check=True, capture_output=True)
        site = work / "corpus" / "site"
        out = work / "out"
        port = free_port()
        env = dict(os.environ, SOURCE_DATE_EPOCH="1698796800", NASTAVNIK_PAGEFIND="off")
        if polling:
            env["NASTAVNIK_WATCH_POLL"] = "1"
        log_path = work / "serve.log"
        log = open(log_path, "w")
        proc = subprocess.Popen([NASTAVNIK, "serve", "--site", str(site), "--out", str(out), "--today", FIXED_TODAY,
                                 "--port", str(port)], stdout=log, stderr=subprocess.STDOUT, env=env)
        if not check(wait_for(lambda: get(port, "/")[0] == 200, 120), f"{mode}: serve did not answer"):
            return
        rel = "cases/org-0001/praktika-000001"
        case_url = f"/{rel}/"
        case = site / "content" / rel / "index.md"
        original = case.read_text(encoding="utf-8")
        old_title = original.split("title: ", 1)[1].split("\n", 1)[0].strip('"')
        # A catalog page listing the case (lists are paginated): the first
        # organization facet page with its title.
        listing = sorted(p for p in (out / "public" / "cases" / "org").rglob("index.html")
                         if old_title in p.read_text(encoding="utf-8"))
        if not check(listing, f"{mode}: no catalog page lists the case"):
            return
        catalog = "/" + listing[0].parent.relative_to(out / "public").as_posix() + "/"

        # 1. Text: a quick rebuild, the page shows it.
        quick_before = log_path.read_text(encoding="utf-8").count("Обновлено за")
        text = original.replace("## Цель", "## Цель\n\nПравка текста для предпросмотра.", 1)
        case.write_text(text, encoding="utf-8")
        check(wait_for(lambda: "Правка текста для предпросмотра" in get(port, case_url)[1], 60),
              f"{mode}: the edited text did not appear")
        time.sleep(0.3)
        check(log_path.read_text(encoding="utf-8").count("Обновлено за") > quick_before,
              f"{mode}: a text edit was not a quick rebuild: {log_path.read_text(encoding='utf-8')[-1500:]}")
        same_as_full_build(site, out, work, f"{mode}-text")

        # 2. Title: the case page and the catalog page listing it, without
        # a full build.
        quick_before, all_before = rebuilds(log_path)
        titled = text.replace(old_title, "Новое название практики", 1)
        case.write_text(titled, encoding="utf-8")
        check(wait_for(lambda: "Новое название практики" in get(port, case_url)[1], 120),
              f"{mode}: the new title did not appear on the case page")
        check(wait_for(lambda: "Новое название практики" in get(port, catalog)[1], 30),
              f"{mode}: the new title did not appear on the catalog page")
        check(wait_for(lambda: rebuilds(log_path)[1] > all_before, 60), f"{mode}: the title rebuild did not finish")
        check(rebuilds(log_path)[0] > quick_before,
              f"{mode}: a title edit was a full build: {log_path.read_text(encoding='utf-8')[-1500:]}")
        same_as_full_build(site, out, work, f"{mode}-title")

        # 2a. Summary and results: the case's card (lists, related cases),
        # its page, the cases workbook and the feed; still no full build.
        quick_before, all_before = rebuilds(log_path)
        carded = titled.replace("\nsummary: \"", "\nsummary: \"Изменённое описание. ", 1)
        carded = carded.replace("\nform:", "\nresults: [Первый результат, Второй результат]\nform:", 1)
        case.write_text(carded, encoding="utf-8")
        check(wait_for(lambda: "Изменённое описание" in get(port, catalog)[1], 120),
              f"{mode}: the new summary did not appear on the catalog page")
        check(wait_for(lambda: rebuilds(log_path)[1] > all_before, 60), f"{mode}: the summary rebuild did not finish")
        check(rebuilds(log_path)[0] > quick_before, f"{mode}: a summary edit was a full build")
        same_as_full_build(site, out, work, f"{mode}-summary")

        # 2b'. The case moves in the catalog (facet counts, list pages,
        # related cases of other cases), still without a full build: a new
        # tag (its list page appears), an earlier date (that page goes; the
        # case moves down every list and the sitemap), a tag removed, another
        # form, kind and academic year; the result is a full build's.
        tags = re.search(r"(?m)^tags: \[(.*)\]$", carded).group(1).split(", ")
        moves = (("tag", carded.replace("\ntags: [", "\ntags: [совсем новый тег, ", 1)),
                 ("date", re.sub(r"(?m)^date: .*$", "date: 01.09.2021", carded, count=1)),
                 ("tag-removed", re.sub(r"(?m)^tags: \[.*\]$", "tags: [" + ", ".join(tags[1:]) + "]", carded, count=1)),
                 ("form", re.sub(r"(?m)^form: .*$", "form: работодатель – студент", carded, count=1)),
                 ("kind", re.sub(r"(?m)^kind: .*$", "kind: виртуальное", carded, count=1)),
                 ("year", re.sub(r"(?m)^academic_year: .*$", "academic_year: 2020-2021", carded, count=1)))
        # Each ends with phase 2 (serve logs it): then, and not before, the
        # tree must be a full build's.
        untouched = "/orders/"  # no case is listed there
        for step, edited in moves:
            quick_before, all_before = rebuilds(log_path)
            done_before = phase2_done(log_path)
            untouched_version, case_version = version(port, untouched), version(port, case_url)
            case.write_text(edited, encoding="utf-8")
            check(wait_for(lambda: rebuilds(log_path)[1] > all_before, 120), f"{mode}: the {step} rebuild did not finish")
            check(rebuilds(log_path)[0] > quick_before,
                  f"{mode}: a {step} edit was a full build: {log_path.read_text(encoding='utf-8')[-1500:]}")
            check(wait_for(lambda: phase2_done(log_path) > done_before, 120), f"{mode}: the {step} phase 2 did not finish")
            # Reload polls: the edited page's version moved, an untouched one's did not.
            check(version(port, case_url) > case_version, f"{mode}: {step}: the case page's version did not change")
            check(version(port, untouched) == untouched_version,
                  f"{mode}: {step}: an untouched page's version changed")
            same_as_full_build(site, out, work, f"{mode}-{step}")
        # Two edits in a row (at 10,000 cases the second arrives during the
        # first's phase 2, which serve then finishes after the second's
        # phase 1; the session test covers that order at this size): the end
        # is a full build's tree.
        def phase2_after_last_edit():
            text = log_path.read_text(encoding="utf-8")
            return text.rfind("Остальные страницы обновлены за") > text.rfind("Обновлено за")
        for edited in (moves[3][1], moves[4][1]):  # another form, then another kind
            all_before = rebuilds(log_path)[1]
            case.write_text(edited, encoding="utf-8")
            check(wait_for(lambda: rebuilds(log_path)[1] > all_before, 120), f"{mode}: a rebuild did not finish")
        check(wait_for(phase2_after_last_edit, 120), f"{mode}: phase 2 after two edits did not finish")
        same_as_full_build(site, out, work, f"{mode}-two-edits")
        case.write_text(titled, encoding="utf-8")
        check(wait_for(lambda: "Изменённое описание" not in get(port, catalog)[1], 120),
              f"{mode}: the case did not come back")

        # 2c. An organization that does not match the case's folder: E088 on
        # the overlay; put back, the site returns as a full build makes it.
        case.write_text(titled.replace("\norganization: org-0001", "\norganization: org-0002", 1), encoding="utf-8")
        check(wait_for(lambda: get(port, case_url)[0] == 500, 120), f"{mode}: no overlay for E088")
        check("E088" in get(port, case_url)[1], f"{mode}: the overlay lacks E088")
        case.write_text(titled, encoding="utf-8")
        check(wait_for(lambda: get(port, case_url)[0] == 200, 120), f"{mode}: the site did not come back (E088)")
        time.sleep(0.3)
        same_as_full_build(site, out, work, f"{mode}-organization")

        # 2b. Text again after a full build: quick again, still identical.
        case.write_text(titled.replace("Правка текста", "Вторая правка текста", 1), encoding="utf-8")
        check(wait_for(lambda: "Вторая правка текста" in get(port, case_url)[1], 60),
              f"{mode}: the second text edit did not appear")
        same_as_full_build(site, out, work, f"{mode}-text2")

        # 3. An error: the overlay; its fix: the site again, identical.
        case.write_text(titled.replace("\ndate:", "\ndate: [01.09.2021 <b>\n_was:", 1), encoding="utf-8")
        check(wait_for(lambda: get(port, case_url)[0] == 500, 120), f"{mode}: no error overlay")
        status, body = get(port, case_url)
        check(rel + "/index.md" in body and "Сайт не собран" in body, f"{mode}: overlay lacks the diagnostic")
        case.write_text(titled, encoding="utf-8")
        check(wait_for(lambda: get(port, case_url)[0] == 200, 120), f"{mode}: the site did not come back")
        time.sleep(0.3)
        same_as_full_build(site, out, work, f"{mode}-fixed")

        # An error in the body only (an image without a description) is
        # reported as well: a quick rebuild never hides a diagnostic.
        case.write_text(titled.replace("## Цель", "## Цель\n\n![](https://example.org/x.png)", 1), encoding="utf-8")
        check(wait_for(lambda: get(port, case_url)[0] == 500, 120), f"{mode}: no overlay for a body error")
        case.write_text(titled, encoding="utf-8")
        check(wait_for(lambda: get(port, case_url)[0] == 200, 120), f"{mode}: the site did not come back (body)")

        # 4. A new case in a new folder (moved in at once, already filled).
        org_dir = site / "content" / "cases" / "org-0000"
        new_case = work / "staged" / "novaya-praktika"
        new_case.mkdir(parents=True)
        (new_case / "index.md").write_text(
            original.replace(old_title, "Совсем новая практика", 1).replace("org-0001", "org-0000"), encoding="utf-8")
        shutil.move(str(new_case), str(org_dir / "novaya-praktika"))
        check(wait_for(lambda: "Совсем новая практика" in get(port, "/cases/org-0000/novaya-praktika/")[1], 120),
              f"{mode}: a case in a new folder did not appear")
        time.sleep(0.3)
        same_as_full_build(site, out, work, f"{mode}-new")
    finally:
        if proc:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            check(proc.returncode == 0, f"{mode}: serve exited with {proc.returncode}")
        if f.items and (work / "serve.log").exists():
            print((work / "serve.log").read_text(encoding="utf-8")[-3000:])
        shutil.rmtree(work, ignore_errors=True)


scenario(polling=False)
scenario(polling=True)
f.finish(checks)

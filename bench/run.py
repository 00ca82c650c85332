#!/usr/bin/env python3
"""Builds the same synthetic corpus with nastavnik and with Hugo; prints wall
time, CPU time and peak memory for each and their ratios (search indexing
with Pagefind timed apart: Hugo indexes nothing), then the edit-to-page
latency of `nastavnik serve` against `hugo server --disableFastRender`: the
title of one case is edited and the clock stops when both the case page and a
list page that lists it are served with the new title (Hugo's default fast
render mode would never re-render the list page). Then a catalog-moving
edit the same way for both: the form of the newest case (so that the first
page of its new form's list shows it: `cases/form/<slug>/` and Hugo's
`forms/<term>/`), with a marker in its title; the clock stops when its page
and that list show the marker; for nastavnik also when serve logs that the
rest of the catalog is written (its phase 2: «Остальные страницы обновлены»).

    python3 bench/run.py [N ...] [--work DIR] [--no-hugo N] [--no-latency] [--repeat K]
                         [--delete-before]

Defaults: N = 1000 10000, work dir /tmp/nastavnik-bench, K = 3 builds of
each tool per N, alternating, compared by their medians (an odd K: the
median is one of the runs), after one build of each that is not timed (a
warm-up: file data unread for a minute is paged out on this kind of
machine). Each build writes into a new folder
(DIR/nN/runs/<tool>-<k>) and nothing is deleted before or between the builds:
the outputs of an earlier run are set aside and deleted at the end (see
RECENTLY_DELETED_S). `--delete-before`: the way of sessions 1-10, one output
folder per tool, removed just before each build. Installs Debian's
`hugo` and `time` packages when they are missing (apt-get; run as root).
Expects nastavnik built in Release at build/generator/nastavnik. Not a test:
the numbers depend on the machine and on what else runs on it.
"""
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from gen_corpus import CORPUS_VERSION  # noqa: E402  (the corpus a run needs)

NASTAVNIK = os.environ.get("NASTAVNIK") or str(ROOT / "build" / "generator" / "nastavnik")


def ensure_tools():
    missing = [pkg for pkg, path in (("hugo", "/usr/bin/hugo"), ("time", "/usr/bin/time")) if not Path(path).exists()]
    if missing:
        subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", *missing], check=True)


def timed(cmd, cwd=None):
    """Runs cmd under /usr/bin/time -v; returns (wall s, cpu s, peak MB, stderr)."""
    env = dict(os.environ, SOURCE_DATE_EPOCH="1698796800")
    r = subprocess.run(["/usr/bin/time", "-v", *cmd], cwd=cwd, env=env, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{r.stderr[-3000:]}")
    e = r.stderr

    def field(name):
        return re.search(re.escape(name) + r":\s*(\S+)", e).group(1)

    wall_text = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
    parts = [float(x) for x in wall_text.split(":")]
    wall = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    peak = int(field("Maximum resident set size (kbytes)")) / 1024
    return wall, cpu, peak, e


def medians(runs):
    """(wall, cpu, peak) of runs: the median of each, apart."""
    return tuple(sorted(column)[len(column) // 2] for column in zip(*runs))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8", "replace")
    except Exception:
        return ""


def latency(cmd, cwd, urls, edited, marker_prefix, ready_timeout=600, edit=None, done_line=None):
    """Starts a preview server and edits `edited` 5 times; returns the median
    milliseconds from the write until every URL of `urls` is served with the
    edit's marker, and (with `done_line`: a line the server logs when it has
    written everything the edit changed) the median until that line.

    By default the edit puts the marker into the title; `edit(original, i,
    marker)` gives the text of edit i and `urls` may then be a function of i
    (each edit's pages)."""
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE if done_line else subprocess.DEVNULL, text=True)
    done_at = []  # times the server logged `done_line`
    if done_line:
        def read_log():
            for line in proc.stderr:
                if done_line in line:
                    done_at.append(time.perf_counter())
        threading.Thread(target=read_log, daemon=True).start()
    original = edited.read_text(encoding="utf-8")
    edit = edit or (lambda text, i, marker: re.sub(r'(?m)^title: "', f'title: "{marker} ', text, count=1))
    pages = urls if callable(urls) else (lambda i: urls)
    samples, done_samples = [], []
    try:
        deadline = time.time() + ready_timeout
        while time.time() < deadline and not all("<html" in fetch(u).lower() for u in pages(0)):
            time.sleep(0.2)
        time.sleep(1.0)
        for i in range(5):
            marker = f"{marker_prefix}{i}x{int(time.time())}"
            done_before = len(done_at)
            edited.write_text(edit(original, i, marker), encoding="utf-8")
            start = time.perf_counter()
            pending = list(pages(i))
            while pending and time.perf_counter() - start < 120:
                pending = [u for u in pending if marker not in fetch(u)]
                if pending:
                    time.sleep(0.002)
            if not pending:
                samples.append((time.perf_counter() - start) * 1000)
            if done_line:
                while len(done_at) == done_before and time.perf_counter() - start < 120:
                    time.sleep(0.01)
                if len(done_at) > done_before:
                    done_samples.append((done_at[-1] - start) * 1000)
            time.sleep(1.0)
    finally:
        edited.write_text(original, encoding="utf-8")
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()

    def median(xs):
        xs = sorted(xs)
        return xs[len(xs) // 2] if xs else float("nan")
    return (median(samples), median(done_samples)) if done_line else median(samples)


def newest_case(content):
    """The case (path under content/) with the newest date, ties to the
    smallest path: first in every list it is on, for both generators, so the
    first page of its new form's list shows it after a form edit."""
    best = None
    for page in sorted(content.glob("cases/*/*/index.md")):
        text = page.read_text(encoding="utf-8")
        d = re.search(r"(?m)^date: (\S+)$", text).group(1)
        key = tuple(reversed(d.split("."))) if "." in d else tuple(d.split("-"))
        if best is None or key > best[0]:
            best = (key, page.parent.relative_to(content).as_posix())
    return best[1]


def form_edit(original, i, marker, forms):
    """Edit i of the form benchmark: the other form (then back), and the
    marker in the title (what both pages must show)."""
    old = re.search(r'(?m)^form: (.*)$|^forms: \["(.*)"\]$', original)
    current = old.group(1) or old.group(2)
    new = [f for f in forms if f != current][0] if i % 2 == 0 else current
    text = original.replace(f"form: {current}", f"form: {new}", 1).replace(f'forms: ["{current}"]', f'forms: ["{new}"]', 1)
    return re.sub(r'(?m)^title: "', f'title: "{marker} ', text, count=1), new


def form_page(public, under, form):
    """The first page of the list of `form` (found by its label)."""
    for page in sorted((public / under).glob("*/index.html")):
        text = page.read_text(encoding="utf-8")
        if f"«{form}»" in text or f"<h1>{form.lower()}</h1>" in text.lower():  # Hugo title-cases terms
            return urllib.parse.quote(str(page.parent.relative_to(public))) + "/"
    sys.exit(f"no list of the form {form} under {public / under}")


def listing_page(public, under, rel):
    """The path (from the site root `public`) of the first list page under
    `under` that links to the case `rel`: a page that must change with the
    case's title."""
    for page in sorted((public / under).rglob("index.html")):
        if rel in str(page.parent):
            continue
        if f"{rel}/" in page.read_text(encoding="utf-8").replace("&#x2F;", "/"):
            return urllib.parse.quote(str(page.parent.relative_to(public))) + "/"
    sys.exit(f"no list page under {public / under} links to {rel}")


def pagefind_time(public):
    """Search indexing, reported apart from the build (Hugo indexes nothing)."""
    pagefind = ROOT / "node_modules" / ".bin" / "pagefind"
    if not pagefind.exists():
        return None
    shutil.rmtree(public / "pagefind", ignore_errors=True)
    wall, cpu, peak, _ = timed([str(pagefind), "--site", str(public), "--output-subdir", "pagefind", "--quiet"])
    return wall, cpu, peak


# On ext4 without a journal (this kind of machine's disk) the inode
# allocator skips every inode freed in the last 60 s, or 360 s once the block
# that holds it is written again (which the next build does), scanning them
# from the start of the group for each new file: a build right after `rm -rf`
# of a tree as big as its own pays seconds of kernel time for it (perf:
# recently_deleted 30 % of the samples). That cost belongs to the benchmark's
# clean-up, not to either tool. So nothing is deleted before or between the
# timed builds: each writes into a folder of its own, the folders of an
# earlier run are set aside (renamed) and everything is deleted at the end,
# and a run that starts less than 6 minutes after such a deletion waits.
# `--delete-before` measures the other way (each output removed just before
# its build).
RECENTLY_DELETED_S = 370


def set_aside(folders, work):
    """Renames the existing `folders` into work/.trash (deleted at the end)."""
    trash = work / ".trash"
    trash.mkdir(parents=True, exist_ok=True)
    for f in folders:
        if f.exists():
            f.rename(trash / f"{f.parent.name}-{f.name}-{time.time_ns()}")


def wait_after_deletion(work):
    """Waits until the last deletion of this work folder is old enough."""
    stamp = work / ".deleted-at"
    if stamp.exists():
        left = RECENTLY_DELETED_S - (time.time() - float(stamp.read_text()))
        if left > 0:
            print(f"(waiting {left:.0f} s: outputs were deleted here less than "
                  f"{RECENTLY_DELETED_S} s ago)", flush=True)
            time.sleep(left)


def delete_trash(work):
    trash = work / ".trash"
    if trash.exists():
        shutil.rmtree(trash, ignore_errors=True)
        (work / ".deleted-at").write_text(str(time.time()))


def main():
    args = sys.argv[1:]
    work = Path("/tmp/nastavnik-bench")
    no_hugo, sizes, do_latency, repeat, delete_before, do_search = set(), [], True, 3, False, True
    i = 0
    while i < len(args):
        if args[i] == "--work":
            work = Path(args[i + 1]); i += 2
        elif args[i] == "--no-hugo":
            no_hugo.add(int(args[i + 1])); i += 2
        elif args[i] == "--repeat":
            repeat = int(args[i + 1]); i += 2
        elif args[i] == "--no-latency":
            do_latency = False; i += 1
        elif args[i] == "--delete-before":
            delete_before = True; i += 1
        elif args[i] == "--no-search":  # Pagefind alone: 2 GB of memory at 10,000 pages
            do_search = False; i += 1
        else:
            sizes.append(int(args[i])); i += 1
    sizes = sizes or [1000, 10000]
    ensure_tools()
    if not delete_before:
        wait_after_deletion(work)
    print(f"{'N':>7} {'tool':10} {'wall s':>8} {'CPU s':>8} {'peak MB':>8}")
    for n in sizes:
        corpus = work / f"n{n}"
        stamp = corpus / "corpus-version"
        if not stamp.exists() or stamp.read_text().strip() != str(CORPUS_VERSION):
            shutil.rmtree(corpus, ignore_errors=True)
            subprocess.run([sys.executable, str(ROOT / "bench" / "gen_corpus.py"), str(n), str(corpus), "--hugo"],
                           check=True)
        # The build is timed without search indexing; Pagefind is timed apart.
        os.environ["NASTAVNIK_PAGEFIND"] = "off"
        # Runs alternate between the tools and the medians are compared: one
        # pair of runs wanders by ±15 % on this kind of machine.
        ours, hugos = [], []
        runs = corpus / "runs"
        if delete_before:
            out, hugo_out = corpus / "out", corpus / "hugo-out"
        else:
            set_aside([runs, corpus / "out", corpus / "hugo-out"], work)
        # One build of each tool first, not timed: this machine pages out file
        # data no one has read for a minute (DAMON), so the first build after
        # a pause would read its corpus from disk and the second not.
        warm_out = out if delete_before else runs / "nastavnik-warm-up"
        timed([NASTAVNIK, "build", "--site", str(corpus / "site"), "--out", str(warm_out), "--today", "2023-11-01",
               "--full"])
        if n not in no_hugo:
            timed(["hugo", "--quiet", "-d", str(hugo_out if delete_before else runs / "hugo-warm-up")],
                  cwd=corpus / "hugo")
        for r in range(repeat):
            if delete_before:
                shutil.rmtree(out, ignore_errors=True)
            else:
                out = runs / f"nastavnik-{r + 1}"
            ours.append(timed([NASTAVNIK, "build", "--site", str(corpus / "site"), "--out", str(out),
                               "--today", "2023-11-01", "--full"])[:3])
            if repeat > 1:
                print(f"{n:>7} {f'  run {r + 1}':10} {ours[-1][0]:8.2f} {ours[-1][1]:8.2f} {ours[-1][2]:8.1f}", flush=True)
            if n not in no_hugo:
                if delete_before:
                    shutil.rmtree(hugo_out, ignore_errors=True)
                else:
                    hugo_out = runs / f"hugo-{r + 1}"
                hugos.append(timed(["hugo", "--quiet", "-d", str(hugo_out)], cwd=corpus / "hugo")[:3])
                if repeat > 1:
                    print(f"{n:>7} {f'  hugo {r + 1}':10} {hugos[-1][0]:8.2f} {hugos[-1][1]:8.2f} {hugos[-1][2]:8.1f}",
                          flush=True)
        nw, nc, nm = medians(ours)
        print(f"{n:>7} {'nastavnik':10} {nw:8.2f} {nc:8.2f} {nm:8.1f}" + ("   (medians)" if repeat > 1 else ""),
              flush=True)
        search = pagefind_time(out / "public") if do_search else None
        if search:
            print(f"{n:>7} {'+pagefind':10} {search[0]:8.2f} {search[1]:8.2f} {search[2]:8.1f}   (search index, apart)",
                  flush=True)
        if n not in no_hugo:
            hw, hc, hm = medians(hugos)
            print(f"{n:>7} {'hugo':10} {hw:8.2f} {hc:8.2f} {hm:8.1f}" + ("   (medians)" if repeat > 1 else ""))
            print(f"{n:>7} {'ratio':10} {nw / hw:8.2f} {nc / hc:8.2f} {nm / hm:8.2f}   (nastavnik / hugo)", flush=True)
        if do_latency:
            rel = "cases/org-0001/praktika-000001"
            listing = listing_page(out / "public", "cases/org/" + rel.split("/")[1], rel)
            port = free_port()
            ms = latency([NASTAVNIK, "serve", "--site", str(corpus / "site"), "--out", str(out),
                          "--today", "2023-11-01", "--port", str(port)], None,
                         [f"http://127.0.0.1:{port}/{rel}/", f"http://127.0.0.1:{port}/{listing}"],
                         corpus / "site" / "content" / rel / "index.md", "Правка")
            print(f"{n:>7} {'serve':10} edit → page + list {ms:8.0f} ms (median of 5)", flush=True)
            # A catalog-moving edit: another form (the newest case, so that the
            # first page of its new form's list shows it), with a marker in its
            # title; the clock stops when its page and that list show it, and
            # when serve has written the rest (its phase 2).
            sys.path.insert(0, str(ROOT / "bench"))
            from gen_corpus import FORMS
            moved = newest_case(corpus / "site" / "content")
            moved_text = (corpus / "site" / "content" / moved / "index.md").read_text(encoding="utf-8")
            lists = {}
            for i in range(2):
                form = form_edit(moved_text, i, "", FORMS)[1]
                lists[i] = form_page(out / "public", "cases/form", form)
            port = free_port()
            fms, fdone = latency([NASTAVNIK, "serve", "--site", str(corpus / "site"), "--out", str(out),
                                  "--today", "2023-11-01", "--port", str(port)], None,
                                 lambda i: [f"http://127.0.0.1:{port}/{moved}/", f"http://127.0.0.1:{port}/{lists[i % 2]}"],
                                 corpus / "site" / "content" / moved / "index.md", "Форма",
                                 edit=lambda text, i, marker: form_edit(text, i, marker, FORMS)[0],
                                 done_line="Остальные страницы обновлены")
            print(f"{n:>7} {'serve':10} form edit → page + its new list {fms:8.0f} ms, rest written {fdone:8.0f} ms "
                  "(median of 5)", flush=True)
            if n not in no_hugo:
                port = free_port()
                base = f"http://127.0.0.1:{port}/nastavnichestvo"
                hugo_listing = listing_page(hugo_out, "tags", rel)
                hms = latency(["hugo", "server", "--port", str(port), "--bind", "127.0.0.1", "--disableLiveReload", "--disableFastRender"],
                              corpus / "hugo", [f"{base}/{rel}/", f"{base}/{hugo_listing}"],
                              corpus / "hugo" / "content" / rel / "index.md", "Правка")
                print(f"{n:>7} {'hugo srv':10} edit → page + list {hms:8.0f} ms (median of 5)", flush=True)
                hugo_moved = corpus / "hugo" / "content" / moved / "index.md"
                hugo_text = hugo_moved.read_text(encoding="utf-8")
                hugo_lists = {}
                for i in range(2):
                    form = form_edit(hugo_text, i, "", FORMS)[1]
                    hugo_lists[i] = form_page(hugo_out, "forms", form)
                port = free_port()
                base = f"http://127.0.0.1:{port}/nastavnichestvo"
                hfms = latency(["hugo", "server", "--port", str(port), "--bind", "127.0.0.1", "--disableLiveReload",
                                "--disableFastRender"], corpus / "hugo",
                               lambda i: [f"{base}/{moved}/", f"{base}/{hugo_lists[i % 2]}"], hugo_moved, "Форма",
                               edit=lambda text, i, marker: form_edit(text, i, marker, FORMS)[0])
                print(f"{n:>7} {'hugo srv':10} form edit → page + its new list {hfms:8.0f} ms (median of 5)", flush=True)
    if delete_before:  # outputs were deleted: the next run waits
        (work / ".deleted-at").write_text(str(time.time()))
    else:
        delete_trash(work)


if __name__ == "__main__":
    main()

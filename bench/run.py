#!/usr/bin/env python3
"""Builds the same synthetic corpus with nastavnik and with Hugo; prints wall
time, CPU time and peak memory for each and their ratios, then the
edit-to-page latency of `nastavnik serve` against `hugo server`.

    python3 bench/run.py [N ...] [--work DIR] [--no-hugo N] [--no-latency]

Defaults: N = 1000 10000, work dir /tmp/nastavnik-bench. Installs Debian's
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
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
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


def latency(cmd, cwd, url, edited, marker_prefix, ready_timeout=600):
    """Starts a preview server, edits `edited` 5 times; returns the median
    milliseconds from the write to the page served with the new text."""
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    original = edited.read_text(encoding="utf-8")
    samples = []
    try:
        deadline = time.time() + ready_timeout
        while time.time() < deadline and "<html" not in fetch(url).lower():
            time.sleep(0.2)
        time.sleep(1.0)
        for i in range(5):
            marker = f"{marker_prefix}{i}x{int(time.time())}"
            edited.write_text(original.replace("## Цель", f"## Цель\n\n{marker}", 1), encoding="utf-8")
            start = time.perf_counter()
            while time.perf_counter() - start < 60:
                if marker in fetch(url):
                    samples.append((time.perf_counter() - start) * 1000)
                    break
                time.sleep(0.005)
            time.sleep(1.0)
    finally:
        edited.write_text(original, encoding="utf-8")
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    samples.sort()
    return samples[len(samples) // 2] if samples else float("nan")


def main():
    args = sys.argv[1:]
    work = Path("/tmp/nastavnik-bench")
    no_hugo, sizes, do_latency = set(), [], True
    i = 0
    while i < len(args):
        if args[i] == "--work":
            work = Path(args[i + 1]); i += 2
        elif args[i] == "--no-hugo":
            no_hugo.add(int(args[i + 1])); i += 2
        elif args[i] == "--no-latency":
            do_latency = False; i += 1
        else:
            sizes.append(int(args[i])); i += 1
    sizes = sizes or [1000, 10000]
    ensure_tools()
    print(f"{'N':>7} {'tool':10} {'wall s':>8} {'CPU s':>8} {'peak MB':>8}")
    for n in sizes:
        corpus = work / f"n{n}"
        if not (corpus / "site" / "site.yaml").exists():
            subprocess.run([sys.executable, str(ROOT / "bench" / "gen_corpus.py"), str(n), str(corpus), "--hugo"],
                           check=True)
        shutil.rmtree(corpus / "out", ignore_errors=True)
        nw, nc, nm, _ = timed([NASTAVNIK, "build", "--site", str(corpus / "site"), "--out", str(corpus / "out"),
                               "--today", "2023-11-01", "--full"])
        print(f"{n:>7} {'nastavnik':10} {nw:8.2f} {nc:8.2f} {nm:8.1f}", flush=True)
        if n not in no_hugo:
            shutil.rmtree(corpus / "hugo-out", ignore_errors=True)
            hw, hc, hm, _ = timed(["hugo", "--quiet", "-d", str(corpus / "hugo-out")], cwd=corpus / "hugo")
            print(f"{n:>7} {'hugo':10} {hw:8.2f} {hc:8.2f} {hm:8.1f}")
            print(f"{n:>7} {'ratio':10} {nw / hw:8.2f} {nc / hc:8.2f} {nm / hm:8.2f}   (nastavnik / hugo)", flush=True)
        if do_latency:
            rel = "cases/org-0001/praktika-000001"
            port = free_port()
            ms = latency([NASTAVNIK, "serve", "--site", str(corpus / "site"), "--out", str(corpus / "out"),
                          "--today", "2023-11-01", "--port", str(port)], None,
                         f"http://127.0.0.1:{port}/{rel}/", corpus / "site" / "content" / rel / "index.md", "Правка")
            print(f"{n:>7} {'serve':10} edit → page {ms:8.0f} ms (median of 5)", flush=True)
            if n not in no_hugo:
                port = free_port()
                hms = latency(["hugo", "server", "--port", str(port), "--bind", "127.0.0.1", "--disableLiveReload"],
                              corpus / "hugo", f"http://127.0.0.1:{port}/nastavnichestvo/{rel}/",
                              corpus / "hugo" / "content" / rel / "index.md", "Правка")
                print(f"{n:>7} {'hugo srv':10} edit → page {hms:8.0f} ms (median of 5)", flush=True)


if __name__ == "__main__":
    main()

"""Helpers shared by the whole-site tests: run nastavnik, walk output trees."""
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NASTAVNIK = os.environ.get("NASTAVNIK") or str(ROOT / "build" / "generator" / "nastavnik")
FIXED_TODAY = "2023-11-01"


def run(args, cwd=None, env_extra=None, command=None):
    """Runs nastavnik with `args`; returns CompletedProcess (text). `command`:
    what runs it instead of NASTAVNIK (a list: e.g. setpriv … BINARY)."""
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", "1698796800")  # 2023-11-01, reproducible
    if env_extra:
        env.update(env_extra)
    return subprocess.run([*(command or [NASTAVNIK]), *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=600)


def build(site, out, *extra):
    return run(["build", "--site", str(site), "--out", str(out), "--today", FIXED_TODAY, *extra])


def is_build_cache(rel):
    """The incremental builds' dependency records (file sizes and mtimes, not
    output), the replaced public tree kept to stage the next build in, and a
    previous tree still being removed in the background."""
    top = rel.split("/", 1)[0]
    return top in (".nastavnik-deps", ".nastavnik-internal", ".public.previous") or (
        top.startswith(".") and ".trash-" in top)


def tree_digest(root):
    """{relative path: sha256} of every output file under root."""
    root = Path(root)
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file() and not is_build_cache(p.relative_to(root).as_posix()):
            out[p.relative_to(root).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def copy_site(src, dst):
    """Copies a site (without its output/) so a test can break it."""
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("output", "build", "node_modules", ".git"))
    return Path(dst)


class LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if (tag in ("a", "link") and name == "href") or (tag in ("img", "script", "source") and name == "src"):
                self.links.append(value)


def internal_links(html):
    c = LinkCollector()
    c.feed(html)
    return [l for l in c.links if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", l) and not l.startswith("#") and not l.startswith("//")]


class Failures:
    """Collects failures so one run reports all of them."""

    def __init__(self):
        self.items = []

    def check(self, cond, message):
        if not cond:
            self.items.append(message)
        return cond

    def finish(self, passed_count_hint=None):
        checks = passed_count_hint if passed_count_hint is not None else 0
        if self.items:
            for m in self.items:
                print("FAIL:", m)
            print(f"{checks} passed, {len(self.items)} failed")
            sys.exit(1)
        print(f"{checks} passed, 0 failed")


def tempdir():
    return Path(tempfile.mkdtemp(prefix="nastavnik-test-"))

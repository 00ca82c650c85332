"""Nothing foreign: no file of the built site makes a browser contact another
host. Scans every HTML, CSS, JS, XML and JSON file of the demo site (with its
search bundle) for:
  HTML  src/srcset/poster/data on any element, <link> hrefs that load
        something (stylesheet, icon, preload, manifest…), <iframe>, <embed>,
        <object>, <frame>, form actions, meta refresh, inline styles and
        scripts (checked as CSS and JS below);
  CSS   url() and @import (data: URLs are fine), including @font-face;
  JS    fetch/import()/XHR open/sendBeacon/WebSocket/EventSource/Worker/
        importScripts and .src= with an absolute URL;
  any   the hosts of common CDNs, web fonts and analytics counters.
Plain <a href="https://…"> links are allowed: the user follows them.
The scanner is first run on samples of each kind of reference, so a scanner
that misses one fails the test instead of passing silently."""
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import Failures  # noqa: E402
from site_build import build_demo, cleanup  # noqa: E402

ABSOLUTE = r"""(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?//"""
# <link rel> values that do not make the browser fetch anything.
NON_LOADING_RELS = {"canonical", "alternate", "author", "help", "license", "next", "prev", "search", "bookmark"}
LOADING_ATTRS = {"src", "srcset", "poster", "data", "background", "action", "formaction", "ping", "longdesc", "manifest"}
FORBIDDEN_TAGS = {"iframe", "embed", "object", "frame", "frameset", "portal", "applet"}
HOSTS = ["googleapis.com", "gstatic.com", "google-analytics.com", "googletagmanager.com", "doubleclick.net",
         "mc.yandex.", "metrika", "yastatic.net", "top-fwz1.mail.ru", "liveinternet.ru", "counter.yadro",
         "facebook.net", "connect.facebook", "vk.com/js", "cdn.jsdelivr", "unpkg.com", "cdnjs.", "jquery.com",
         "bootstrapcdn", "fontawesome", "typekit", "hotjar", "cloudflareinsights"]
JS_CALLS = [
    r"""\bfetch\(\s*['"`]""" + ABSOLUTE,
    r"""\bimport\(\s*['"`]""" + ABSOLUTE,
    r"""\bimport\s+[^;'"`]*?from\s*['"`]""" + ABSOLUTE,
    r"""\.open\(\s*['"`][A-Za-z]+['"`]\s*,\s*['"`]""" + ABSOLUTE,
    r"""\bsendBeacon\(\s*['"`]""" + ABSOLUTE,
    r"""\bnew\s+(?:WebSocket|EventSource|Worker|SharedWorker)\(\s*['"`]""" + ABSOLUTE,
    r"""\bimportScripts\(\s*['"`]""" + ABSOLUTE,
    r"""\.src\s*=\s*['"`]""" + ABSOLUTE,
    r"""\.srcset\s*=\s*['"`]""" + ABSOLUTE,
]


def is_absolute(url):
    url = url.strip()
    return bool(re.match(ABSOLUTE, url)) and not url.lower().startswith(("data:", "blob:"))


def css_problems(text):
    out = []
    for m in re.finditer(r"""url\(\s*(['"]?)(.*?)\1\s*\)""", text, re.S | re.I):
        if is_absolute(m.group(2)):
            out.append(f"CSS url({m.group(2)[:80]})")
    for m in re.finditer(r"""@import\s+(?:url\(\s*)?['"]?([^'");\s]+)""", text, re.I):
        if is_absolute(m.group(1)):
            out.append(f"CSS @import {m.group(1)[:80]}")
    return out


def js_problems(text):
    out = []
    for pattern in JS_CALLS:
        for m in re.finditer(pattern, text):
            out.append(f"JS {text[m.start():m.end() + 60][:100]!r}")
    return out


def host_problems(text):
    low = text.lower()
    return [f"known third-party host «{h}»" for h in HOSTS if h in low]


class HtmlScanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.in_script = self.in_style = False

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}> element")
        for name, value in a.items():
            if name in LOADING_ATTRS:
                for part in value.split(","):  # srcset: "url 2x, url 3x"
                    if is_absolute(part.strip().split(" ")[0]):
                        self.problems.append(f"<{tag} {name}={value[:80]}>")
            if name == "style":
                self.problems += css_problems(value)
            if name.startswith("on"):
                self.problems += js_problems(value)
        if tag == "link" and is_absolute(a.get("href", "")):
            rels = set(a.get("rel", "").lower().split())
            if not rels or rels - NON_LOADING_RELS:
                self.problems.append(f"<link rel={a.get('rel')} href={a['href'][:80]}>")
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh" and re.search(r"url\s*=\s*" + ABSOLUTE, a.get("content", ""), re.I):
            self.problems.append("meta refresh to another host")
        self.in_script = tag == "script"
        self.in_style = tag == "style"

    def handle_endtag(self, tag):
        self.in_script = self.in_style = False

    def handle_data(self, data):
        if self.in_script:
            self.problems += js_problems(data)
        if self.in_style:
            self.problems += css_problems(data)


def html_problems(text):
    s = HtmlScanner()
    s.feed(text)
    return s.problems


def scan_file(path):
    suffix = path.suffix.lower()
    if suffix not in (".html", ".css", ".js", ".mjs", ".xml", ".json", ".txt", ".svg", ".webmanifest"):
        return []
    text = path.read_text(encoding="utf-8", errors="replace")
    problems = host_problems(text)
    if suffix == ".html":
        problems += html_problems(text)
    elif suffix == ".css":
        problems += css_problems(text)
    elif suffix in (".js", ".mjs"):
        problems += js_problems(text)
    elif suffix in (".xml", ".svg"):
        for m in re.finditer(r"<\?xml-stylesheet[^>]*href=['\"]([^'\"]+)", text):
            if is_absolute(m.group(1)):
                problems.append(f"xml-stylesheet {m.group(1)}")
        if suffix == ".svg":
            problems += html_problems(text)
    return problems


# Each sample must be caught (and the clean ones must not be), or the scanner is broken.
BAD_SAMPLES = [
    ("x.html", '<script src="https://cdn.example.org/a.js"></script>'),
    ("x.html", '<link rel="stylesheet" href="//cdn.example.org/a.css">'),
    ("x.html", '<link rel="icon" href="https://example.org/favicon.ico">'),
    ("x.html", '<link rel="preload" as="font" href="https://example.org/f.woff2">'),
    ("x.html", '<img src="https://example.org/a.png" alt="a">'),
    ("x.html", '<img src="a.png" srcset="a.png 1x, https://example.org/b.png 2x" alt="a">'),
    ("x.html", '<iframe title="map" src="map.html"></iframe>'),
    ("x.html", '<embed src="a.swf">'),
    ("x.html", '<object data="a.pdf"></object>'),
    ("x.html", '<div style="background: url(https://example.org/bg.png)"></div>'),
    ("x.html", '<style>@import url("https://example.org/x.css");</style>'),
    ("x.html", '<script>fetch("https://api.example.org/hit")</script>'),
    ("x.html", '<script>var x = new XMLHttpRequest(); x.open("POST", "https://example.org/c");</script>'),
    ("x.html", '<script>(function(m,e,t,r,i,k,a){})(window, document, "script", "https://mc.yandex.ru/metrika/tag.js")</script>'),
    ("x.css", '@font-face { font-family: X; src: url("https://fonts.gstatic.com/x.woff2"); }'),
    ("x.css", '@import "//example.org/y.css";'),
    ("x.js", 'navigator.sendBeacon("https://example.org/b", data);'),
    ("x.js", 'const s = document.createElement("script"); s.src = "https://example.org/s.js";'),
    ("x.js", 'import("https://example.org/m.js")'),
    ("x.xml", '<?xml-stylesheet type="text/xsl" href="https://example.org/feed.xsl"?><feed/>'),
]
CLEAN_SAMPLES = [
    ("x.html", '<a href="https://example.org/">другой сайт</a> <link rel="canonical" href="https://example.org/x/">'),
    ("x.html", '<img src="a.png" alt="a"> <script src="../static/site.js"></script>'),
    ("x.css", '.a { background: url("data:image/svg+xml,%3Csvg xmlns=\'http://www.w3.org/2000/svg\'%3E%3C/svg%3E"); }'),
    ("x.js", 'const u = new URL(p, "https://example.com"); fetch(bundle + "pagefind-entry.json");'),
]


def self_test(f, tmp):
    for i, (name, text) in enumerate(BAD_SAMPLES):
        p = tmp / f"bad{i}-{name}"
        p.write_text(text, encoding="utf-8")
        f.check(scan_file(p), f"сканер не заметил обращения к чужому сайту: {text}")
    for i, (name, text) in enumerate(CLEAN_SAMPLES):
        p = tmp / f"clean{i}-{name}"
        p.write_text(text, encoding="utf-8")
        problems = scan_file(p)
        f.check(not problems, f"сканер ошибся на допустимом: {text}: {problems}")


def main():
    f = Failures()
    public = build_demo()
    tmp = public.parent / "samples"
    tmp.mkdir()
    self_test(f, tmp)
    scanned = 0
    kinds = set()
    for path in sorted(public.rglob("*")):
        if not path.is_file():
            continue
        problems = scan_file(path)
        if path.suffix.lower() in (".html", ".css", ".js", ".xml", ".json"):
            scanned += 1
            kinds.add(path.suffix.lower())
        rel = path.relative_to(public).as_posix()
        for p in problems:
            f.check(False, f"{rel}: {p}")
    # The scan is only meaningful if it saw every kind of file the site has.
    for kind in (".html", ".css", ".js", ".xml", ".json"):
        f.check(kind in kinds, f"в собранном сайте нет ни одного файла {kind}: сканировать нечего")
    print(f"проверено файлов: {scanned}")
    cleanup(public)
    f.finish(len(BAD_SAMPLES) + len(CLEAN_SAMPLES) + scanned)


if __name__ == "__main__":
    main()

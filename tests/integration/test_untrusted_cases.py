"""Cases come from pull requests: hostile input is reported and never executes.

- front-matter values full of markup build fine and come out escaped; the
  whole public tree is then scanned for anything a browser would run
  (script elements other than the theme's own file, on* attributes,
  javascript:/vbscript:/data: URLs, frames, objects, meta refresh) — the same
  scan runs over the demo site;
- an attachment that is a symbolic link (inside or outside the site) or over
  site.yaml's size limit gets a diagnostic on the line that lists it;
- the hostile fixture (tests/fixtures/invalid/case-hostile) fails the build
  and publishes nothing.
The exact diagnostics of the static hostile fixtures are pinned by
test_invalid_inputs.py.
"""
import json
import os
import shutil
from html.parser import HTMLParser
from pathlib import Path

from common import FIXED_TODAY, ROOT, Failures, build, copy_site, run, tempdir

FIXTURES = ROOT / "tests" / "fixtures" / "invalid"
PAYLOAD = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>"
ALLOWED_OUTPUT = {".html", ".css", ".js", ".xml", ".txt", ".json", ".xlsx", ".csv", ".pdf", ".docx", ".pptx",
                  ".odt", ".ods", ".jpg", ".jpeg", ".png", ".webp",
                  ".ics"}  # roadmap.ics: a text/calendar feed nastavnik writes itself
# The search index Pagefind writes from our own pages (publish/search_index.h);
# only there, so content cannot smuggle such files in.
PAGEFIND_OUTPUT = {".pf_filter", ".pf_fragment", ".pf_index", ".pf_meta", ".pagefind"}

f = Failures()
checks = 0


def ok(cond, message):
    global checks
    checks += 1
    return f.check(cond, message)


class Executable(HTMLParser):
    """Collects everything in a page a browser could execute."""

    def __init__(self, theme_script):
        super().__init__(convert_charrefs=True)
        self.found = []
        self.theme_script = theme_script
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            self.in_script = True
            if not (a.get("src") or "").endswith(self.theme_script):
                self.found.append(f"<script src={a.get('src')!r}>")
        if tag in ("iframe", "object", "embed", "frame", "applet", "base", "form"):
            self.found.append(f"<{tag}>")
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "refresh":
            self.found.append("meta refresh")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action", "formaction", "xlink:href", "srcset") and value:
                v = "".join(value.split()).lower()
                if v.startswith(("javascript:", "vbscript:", "data:")):
                    self.found.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and data.strip():
            self.found.append("inline script: " + data.strip()[:60])


def scan(public):
    """Every executable thing in the tree: [(file, what)]."""
    problems = []
    for p in sorted(public.rglob("*")):
        if not p.is_file():
            continue
        rel = p.relative_to(public).as_posix()
        if p.suffix.lower() not in ALLOWED_OUTPUT and not (rel.startswith("pagefind/") and p.suffix.lower() in PAGEFIND_OUTPUT):
            problems.append((rel, "file type"))
        if p.suffix.lower() in (".html", ".xml", ".svg"):
            parser = Executable("static/site.js")
            parser.feed(p.read_text(encoding="utf-8"))
            problems += [(rel, x) for x in parser.found]
    return problems


def check_json(site, extra=()):
    r = run(["check", "--site", str(site), "--today", FIXED_TODAY, "--format", "json", *extra])
    try:
        return r.returncode, {f"{d['file']}:{d['line']}:{d['column']}: {d['code']}" for d in json.loads(r.stdout)["diagnostics"]}
    except json.JSONDecodeError:
        return r.returncode, {"not json: " + r.stdout[:300] + r.stderr[:300]}


work = tempdir()
try:
    # 1. Markup in every front-matter value: valid, escaped on every page.
    site = copy_site(FIXTURES / "_base", work / "escape")
    case = site / "content" / "cases" / "sch-1" / "razmetka"
    case.mkdir(parents=True)
    (case / 'план "работы" #1.pdf').write_bytes(b"%PDF-1.4\n")
    q = PAYLOAD.replace("'", "''")
    (case / "index.md").write_text(f"""---
title: '{q} заголовок'
organization: sch-1
date: 01.06.2023
authors: ['{q}']
form: учитель – учитель
kind: традиционное
element: адаптация
academic_year: 2022-2023
tags: ['{q}', обычный тег]
summary: '{q}'
results: ['{q}']
awards: ['{q}']
attachments:
  - {{file: 'план "работы" #1.pdf', title: '{q}'}}
---
Код `{PAYLOAD}` остаётся текстом.
""", encoding="utf-8")
    r = build(site, work / "escape-out")
    ok(r.returncode == 0, f"markup in front matter must build (it is only text): {r.stderr[-3000:]}")
    public = work / "escape-out" / "public"
    ok(not scan(public), f"executable content in the output: {scan(public)[:10]}")
    case_html = (public / "cases" / "sch-1" / "razmetka" / "index.html").read_text(encoding="utf-8")
    ok(case_html.count("&lt;script&gt;alert(") >= 6, "the payload is not shown escaped on the case page")
    ok("%22" in case_html and "%231.pdf" in case_html, "the attachment href is not percent-encoded")
    ok((public / "cases" / "sch-1" / "razmetka" / 'план "работы" #1.pdf').is_file(), "the attachment was not copied")
    for rel in ("cases/index.html", "index.html", "organizations/sch-1/index.html"):
        ok("&lt;script&gt;" in (public / rel).read_text(encoding="utf-8"), f"{rel}: payload missing or unescaped")

    # 2. Symbolic links and size.
    site = copy_site(FIXTURES / "_base", work / "links")
    cfg = site / "site.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + "attachments_max_mb: 1\n", encoding="utf-8")
    case = site / "content" / "cases" / "sch-1" / "ssylki"
    case.mkdir(parents=True)
    os.symlink("../../../../data/organizations.csv", case / "vnutri.pdf")
    os.symlink("/etc/hostname", case / "snaruzhi.pdf")
    os.symlink("/etc", site / "content" / "cases" / "sch-1" / "papka")
    (case / "bolshoy.pdf").write_bytes(b"%PDF-1.4\n" + b"0" * (1536 * 1024))
    (case / "index.md").write_text("""---
title: Вложения-ссылки и большой файл
organization: sch-1
date: 01.06.2023
authors: [Петрова Анна Ивановна]
form: учитель – учитель
kind: традиционное
element: адаптация
academic_year: 2022-2023
summary: Вложения, которые нельзя публиковать.
attachments:
  - {file: vnutri.pdf, title: Ссылка внутрь сайта}
  - {file: snaruzhi.pdf, title: Ссылка наружу}
  - {file: bolshoy.pdf, title: Слишком большой файл}
---
Текст.
""", encoding="utf-8")
    code, got = check_json(site)
    want = {"content/cases/sch-1/ssylki/index.md:12:1: E085", "content/cases/sch-1/ssylki/index.md:13:1: E085",
            "content/cases/sch-1/ssylki/index.md:14:1: E084", "content/cases/sch-1/papka:0:0: E085"}
    ok(code == 1 and got == want, f"links and size: exit {code}\n  missing {sorted(want - got)}\n  unexpected {sorted(got - want)}")
    r = build(site, work / "links-out")
    ok(r.returncode == 1 and not (work / "links-out" / "public").exists(), "a site with bad attachments was published")

    # 3. The hostile fixture: fails, publishes nothing.
    site = copy_site(FIXTURES / "_base", work / "hostile")
    shutil.copytree(FIXTURES / "case-hostile" / "content", site / "content", dirs_exist_ok=True)
    r = build(site, work / "hostile-out")
    ok(r.returncode == 1, f"hostile case: exit {r.returncode}")
    ok(not (work / "hostile-out" / "public").exists(), "the hostile case was published")
    ok("index.md:21:1" in r.stderr and "E080" in r.stderr and "E081" in r.stderr, "hostile diagnostics not printed")

    # 4. The demo site has nothing executable either.
    r = build(ROOT, work / "demo-out")
    ok(r.returncode == 0, f"demo build: exit {r.returncode}")
    problems = scan(work / "demo-out" / "public")
    ok(not problems, f"executable content in the demo output: {problems[:10]}")
finally:
    shutil.rmtree(work, ignore_errors=True)
f.finish(checks)

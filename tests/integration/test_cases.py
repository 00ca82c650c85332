"""The cases catalog end to end, as a school curator and the methodist use it.

- `nastavnik new case` creates a draft that `check` accepts (one W080) and
  `build` does not publish; dropping `draft:` without filling the file is
  refused (E041); once filled, the case appears on its page, in the catalog,
  on every facet page it belongs to, on its organization's page and on the
  home page — with no other edit;
- `new case` refuses an unknown organization (listing the valid ids), an
  existing folder and a too short title;
- the catalog paginates by cases_per_page: every case exactly once across the
  pages, pagination as <nav aria-label> with aria-current (a window of pages
  with gaps on long lists), facet counts right;
- organizations and tags have index pages (cases/org/, cases/tag/) listing
  every value with its count; the sidebar shows a few and links there;
- the committed .github/CODEOWNERS is what `nastavnik codeowners` generates;
- the pull-request workflow annotates with `check --format github` and
  uploads the built site as the preview.
"""
import json
import re
import shutil
from html import unescape
from pathlib import Path

from common import FIXED_TODAY, ROOT, Failures, build, copy_site, run, tempdir

f = Failures()
checks = 0


def ok(cond, message):
    global checks
    checks += 1
    return f.check(cond, message)


def page(public, path):
    p = public / path / "index.html"
    return unescape(p.read_text(encoding="utf-8")) if p.is_file() else ""


def case_links(html):
    """Case page links of the catalog's result list (not the facet nav)."""
    main = html.split('<nav class="facets"')[0]
    return re.findall(r'<h3><a href="[./]*cases/([a-z0-9-]+/[a-z0-9-]+)/index\.html">', main)


work = tempdir()
try:
    site = copy_site(ROOT, work / "site")
    title = "Наставничество для молодых педагогов: первые шаги"
    r = run(["new", "case", "--site", str(site), "--org", "sch-3", "--today", FIXED_TODAY, title])
    ok(r.returncode == 0, f"new case exit {r.returncode}: {r.stderr}")
    slug = "nastavnichestvo-dlya-molodykh-pedagogov-pervye-shagi"
    index = site / "content" / "cases" / "sch-3" / slug / "index.md"
    ok(index.is_file(), f"new case did not create {index}")
    ok("Что дальше" in r.stdout and "draft: да" in r.stdout, f"next steps not printed: {r.stdout}")

    # Valid as created: only the draft warning.
    r = run(["check", "--site", str(site), "--today", FIXED_TODAY, "--format", "json"])
    diags = json.loads(r.stdout)["diagnostics"] if r.stdout.strip() else []
    codes = [(d["file"], d["code"]) for d in diags]
    ok(r.returncode == 0 and codes == [(f"content/cases/sch-3/{slug}/index.md", "W080")],
       f"check right after new case: exit {r.returncode}, {codes}")

    # A draft is not published.
    r = build(site, work / "out-draft")
    ok(r.returncode == 0, f"build with a draft: exit {r.returncode}: {r.stderr[-2000:]}")
    public = work / "out-draft" / "public"
    ok(not (public / "cases" / "sch-3" / slug).exists(), "a draft case was published")
    ok(slug not in page(public, "cases"), "a draft case is listed in the catalog")

    # Dropping draft without filling in the placeholders is refused.
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace("draft: да\n", ""), encoding="utf-8")
    r = run(["check", "--site", str(site), "--today", FIXED_TODAY, "--format", "json"])
    diags = json.loads(r.stdout)["diagnostics"]
    ok(r.returncode == 1 and diags and all(d["code"] == "E041" for d in diags),
       f"placeholders left in a published case: exit {r.returncode}, {[d['code'] for d in diags]}")

    # The curator fills the file in: every marked line replaced, nothing else edited.
    filled = []
    for line in text.splitlines():
        if line.startswith("draft:") or line.startswith("# "):
            continue
        if line.startswith("authors:"):
            line = "authors: [Белова Ирина Сергеевна]"
        elif line.startswith("form:"):
            line = "form: ученик – ученик"
        elif line.startswith("kind:"):
            line = "kind: реверсивное"
        elif line.startswith("element:"):
            line = "element: обучение"
        elif line.startswith("tags:"):
            line = "tags: [цифровая грамотность, адаптация]"
        elif line.startswith("summary:"):
            line = "summary: Старшеклассники учат молодых педагогов цифровым инструментам урока."
        elif "ЗАПОЛНИТЕ" in line:
            line = line[: line.index("ЗАПОЛНИТЕ")] + "Молодые педагоги освоили цифровые инструменты."
        filled.append(line)
    index.write_text("\n".join(filled) + "\n", encoding="utf-8")
    r = build(site, work / "out")
    ok(r.returncode == 0, f"build of the filled case: exit {r.returncode}: {r.stderr[-3000:]}")
    public = work / "out" / "public"
    case_id = f"sch-3/{slug}"
    case_html = page(public, f"cases/{case_id}")
    ok(title in case_html, "the new case has no page with its title")
    ok("Белова Ирина Сергеевна" in case_html and "цифровая грамотность" in case_html, "case page lacks its fields")
    facet_pages = ["cases", "cases/form/uchenik-uchenik", "cases/kind/reversivnoe", "cases/org/sch-3",
                   "cases/year/2023-2024", "cases/tag/tsifrovaya-gramotnost", "cases/tag/adaptatsiya"]
    for path in facet_pages:
        ok(case_id in case_links(page(public, path)), f"the new case is not listed on {path}/")
    ok(case_id not in case_links(page(public, "cases/form/uchitel-uchitel")), "the new case is on a wrong facet page")
    ok(f"cases/{case_id}/index.html" in page(public, "organizations/sch-3"), "the organization page does not list it")
    ok(f"cases/{case_id}/index.html" in page(public, ""), "the home page does not list it among the latest")

    # Refusals.
    r = run(["new", "case", "--site", str(site), "--org", "sch-33", "Ещё одна практика"])
    ok(r.returncode == 2 and "sch-3 —" in r.stderr and "gym-1 —" in r.stderr and "«sch-3»" in r.stderr,
       f"unknown organization: exit {r.returncode}: {r.stderr}")
    r = run(["new", "case", "--site", str(site), "--org", "sch-3", title])
    ok(r.returncode == 2 and "уже есть" in r.stderr, f"existing folder: exit {r.returncode}: {r.stderr}")
    ok(index.read_text(encoding="utf-8") == "\n".join(filled) + "\n", "an existing case was overwritten")
    r = run(["new", "case", "--site", str(site), "--org", "sch-3", "Итог"])
    ok(r.returncode == 2, f"too short title: exit {r.returncode}")
    r = run(["new", "case", "--site", str(site), "Без организации"])
    ok(r.returncode == 2 and "--org" in r.stderr, f"missing --org: exit {r.returncode}: {r.stderr}")

    # Pagination: 3 per page over the demo's 11 cases.
    cfg = site / "site.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + "cases_per_page: 3\n", encoding="utf-8")
    r = build(site, work / "out-pages")
    ok(r.returncode == 0, f"paginated build: exit {r.returncode}: {r.stderr[-2000:]}")
    public = work / "out-pages" / "public"
    all_cases = sorted(p.parent.relative_to(site / "content" / "cases").as_posix()
                       for p in (site / "content" / "cases").glob("*/*/index.md"))
    seen = []
    n = 1
    while True:
        html = page(public, "cases" if n == 1 else f"cases/page/{n}")
        if not html:
            break
        links = case_links(html)
        ok(0 < len(links) <= 3, f"catalog page {n} lists {len(links)} cases")
        nav = re.search(r'<nav class="pagination" aria-label="[^"]+">(.*?)</nav>', html, re.S)
        if ok(nav is not None, f"catalog page {n} has no labelled pagination nav"):
            current = re.findall(r'<a href="[^"]+" aria-current="page">(\d+)</a>', nav.group(1))
            ok(current == [str(n)], f"catalog page {n}: aria-current on {current}")
        seen += links
        n += 1
    ok(sorted(seen) == all_cases, f"catalog pages do not list every case once: {sorted(seen)} vs {all_cases}")
    ok(n - 1 == 4, f"11 cases at 3 per page should make 4 pages, got {n - 1}")
    ok(not (public / "cases" / "page" / "1").exists(), "page 1 must keep the catalog's own address")
    # Organizations and tags: an index page each with every value; the sidebar
    # of every catalog page shows at most 5 of them (+ the current one) and
    # links to the index.
    first = page(public, "cases")
    value_re = r'<a href="[./]*cases/{key}/([a-z0-9-]+)/index\.html"[^>]*>[^<]*</a> <span class="count">\((\d+)\)</span>'
    for key, label in [("org", "Все организации"), ("tag", "Все теги")]:
        index_html = page(public, f"cases/{key}")
        listed = re.findall(value_re.format(key=key), index_html.split('<nav class="facets"')[0])
        facet_dirs = sorted(p.name for p in (public / "cases" / key).iterdir() if p.is_dir())
        ok(sorted(v for v, _ in listed) == facet_dirs,
           f"cases/{key}/ does not list every value once: {listed} vs {facet_dirs}")
        ok(re.search(rf'<a href="[./]*cases/{key}/index\.html">{label} \({len(facet_dirs)}\)', first) is not None,
           f"the catalog sidebar has no link «{label} ({len(facet_dirs)})» to cases/{key}/")
        sidebar = first.split('<nav class="facets"')[1]
        shown = re.findall(value_re.format(key=key), sidebar)
        ok(0 < len(shown) <= 5, f"the sidebar shows {len(shown)} values of {key}")
    ok(re.search(r'<a href="[./]*cases/org/index\.html" aria-current="page">', page(public, "cases/org")) is not None,
       "cases/org/ does not mark its own link as current")
    # Facet pages paginate too, and their counts match what they list.
    everything = first + page(public, "cases/org") + page(public, "cases/tag")
    for key, slug_, count in sorted(set(re.findall(
            r'<a href="[./]*cases/(form|kind|org|year|tag)/([a-z0-9-]+)/index\.html"[^>]*>[^<]*</a> <span class="count">\((\d+)\)</span>',
            everything))):
        listed, k = [], 1
        while True:
            html = page(public, f"cases/{key}/{slug_}" + ("" if k == 1 else f"/page/{k}"))
            if not html:
                break
            listed += case_links(html)
            k += 1
        ok(len(listed) == int(count) and len(set(listed)) == len(listed),
           f"facet {key}/{slug_}: count {count}, listed {len(listed)}")
    # Headings in order on catalog and case pages: no level skipped.
    for path in ["cases", "cases/page/2", "cases/form/uchitel-uchitel", "cases/org", "cases/tag", f"cases/{case_id}"]:
        levels = [int(h) for h in re.findall(r"<h([1-6])[ >]", page(public, path))]
        ok(levels and levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:])),
           f"{path}: headings out of order {levels}")

    # A long list shows a window of page links: one case per page.
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("cases_per_page: 3\n", "cases_per_page: 1\n"),
                   encoding="utf-8")
    r = build(site, work / "out-one")
    ok(r.returncode == 0, f"build with one case per page: exit {r.returncode}: {r.stderr[-2000:]}")
    public = work / "out-one" / "public"
    total = len(all_cases)
    for n in [1, 6, total]:
        html = page(public, "cases" if n == 1 else f"cases/page/{n}")
        nav = re.search(r'<nav class="pagination" aria-label="[^"]+">(.*?)</nav>', html, re.S)
        numbers = [int(x) for x in re.findall(r'>(\d+)</a></li>', nav.group(1))] if nav else []
        ok(1 in numbers and total in numbers and n in numbers and len(numbers) <= 7 and "…" in nav.group(1),
           f"page {n} of {total}: page links {numbers}")
        ok(all(abs(x - n) <= 2 or x in (1, total) for x in numbers), f"page {n}: links outside the window {numbers}")

    # CODEOWNERS: the committed file is what the command generates.
    r = run(["codeowners", "--site", str(ROOT)])
    committed = (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    ok(r.returncode == 0 and r.stdout == committed,
       "the committed .github/CODEOWNERS is stale: run `nastavnik codeowners --write`")
    ok("\n/content/cases/sch-3/ @curator-sch3\n" in committed and "\n* @uo-metodist\n" in committed,
       "CODEOWNERS lacks the expected owners")
    r = run(["codeowners", "--site", str(site), "--write"])
    ok(r.returncode == 0 and (site / ".github" / "CODEOWNERS").read_text(encoding="utf-8") == committed,
       f"codeowners --write: exit {r.returncode}: {r.stderr}")
    # The pull-request workflow annotates with `check --format github` and uploads the preview.
    wf = (ROOT / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8")
    ok("pull_request:" in wf and "pull_request_target" not in wf.replace("never `pull_request_target`", ""),
       "the PR workflow must run on pull_request only")
    ok(re.search(r"run: build/generator/nastavnik check --format github\n", wf) is not None,
       "the PR workflow does not run check --format github")
    ok(re.search(r"uses: actions/upload-artifact@v\d+\n\s+with:\n\s+name: preview\n\s+path: output/public", wf) is not None,
       "the PR workflow does not upload output/public as the preview")
    ok((ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").is_file(), "no pull request template")
finally:
    shutil.rmtree(work, ignore_errors=True)
f.finish(checks)

"""The search index and the machine-readable files of the demo site:
  - Pagefind runs inside the build, into the staging tree; two builds give
    byte-identical trees, index included, and so do builds over the output
    (the last staged in the kept previous tree);
  - without Pagefind the build succeeds with a notice and /search/ says why;
    a Pagefind that fails stops the build and leaves the previous site;
  - only the main content is indexed; cases carry the four search facets;
  - feed.xml is valid Atom (RFC 4287) with stable absolute ids, linked from
    every page; without base_url there is neither feed nor sitemap;
  - sitemap.xml lists every page, robots.txt points to it, 404.html exists;
  - an order's page lists the pages whose Markdown links to it."""
import html as htmllib
import re
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import ROOT, Failures, build, copy_site, run, tempdir, tree_digest, FIXED_TODAY  # noqa: E402
from site_build import PAGEFIND  # noqa: E402

ATOM = "{http://www.w3.org/2005/Atom}"
f = Failures()
checks = 0


def check(cond, message):
    global checks
    checks += 1
    return f.check(cond, message)


def base_url(site):
    m = re.search(r"^base_url:\s*(\S+)", (site / "site.yaml").read_text(encoding="utf-8"), re.M)
    return m.group(1)


work = tempdir()
try:
    if not check(PAGEFIND.exists(), f"нет {PAGEFIND}: выполните npm ci в корне (make test делает это сам)"):
        f.finish(checks)
    # --- Two builds, byte-identical, index included.
    a, b = work / "a", work / "b"
    ra, rb = build(ROOT, a), build(ROOT, b)
    check(ra.returncode == 0 and rb.returncode == 0, f"сборка не прошла: {ra.stderr[-1500:]}")
    pub = a / "public"
    da, db = tree_digest(pub), tree_digest(b / "public")
    check(any(p.startswith("pagefind/") for p in da), "в сайте нет папки pagefind/")
    check(da == db, "две сборки различаются: " + ", ".join(sorted(p for p in set(da) | set(db) if da.get(p) != db.get(p)))[:2000])
    rc = build(ROOT, a)  # again over the existing output: unchanged files are reused
    check(rc.returncode == 0 and tree_digest(pub) == da, "повторная сборка поверх прежней дала другой сайт")
    # The third build is staged in the tree the second replaced (.public.previous), old
    # index included: Pagefind must index and write into a pruned tree.
    check((a / ".public.previous" / "pagefind").is_dir(), "сборка не сохранила заменённое дерево с индексом")
    rc = build(ROOT, a)
    check(rc.returncode == 0 and tree_digest(pub) == da, "сборка поверх сохранённого дерева дала другой сайт")
    check(not list(a.glob(".public.staging-*")), "после сборки осталась промежуточная папка")

    # --- What is indexed.
    pages = {p.relative_to(pub).as_posix(): htmllib.unescape(p.read_text(encoding="utf-8")) for p in pub.rglob("*.html") if "pagefind" not in p.parts}
    for rel, html in sorted(pages.items()):
        indexed = "data-pagefind-body" in html
        template = re.search(r'<body data-template="([^"]+)"', html).group(1)
        if template in ("not_found", "search", "cases"):  # cases: catalog lists repeat the cases' text
            check(not indexed, f"{rel}: страница не должна попадать в поиск")
        else:
            check(indexed, f"{rel}: основное содержимое не помечено data-pagefind-body")
        check('<html lang="ru">' in html, f"{rel}: нет <html lang=\"ru\"> (русская морфология поиска)")
    cases = [r for r, h in pages.items() if '<body data-template="case">' in h]
    check(len(cases) > 0, "нет страниц практик")
    for rel in cases:
        names = set(re.findall(r'data-pagefind-filter="([^"]+)"', pages[rel]))
        check(names == {"Форма наставничества", "Вид наставничества", "Организация", "Учебный год"},
              f"{rel}: фильтры поиска {sorted(names)}")

    # --- Feed.
    base = base_url(ROOT)
    feed = ET.parse(pub / "feed.xml").getroot()
    check(feed.tag == ATOM + "feed", "feed.xml — не Atom")
    entries = feed.findall(ATOM + "entry")
    check(len(entries) > 0, "в ленте нет записей")
    for child in ("id", "title", "updated", "author"):
        check(feed.find(ATOM + child) is not None, f"у ленты нет <{child}>")
    ids = [e.findtext(ATOM + "id") for e in entries]
    check(len(ids) == len(set(ids)), "id записей ленты повторяются")
    updated = [e.findtext(ATOM + "updated") for e in entries]
    check(updated == sorted(updated, reverse=True), "записи ленты не по убыванию даты")
    check(feed.findtext(ATOM + "updated") == max(updated), "updated ленты — не дата самой новой записи")
    for e in entries:
        eid = e.findtext(ATOM + "id")
        link = e.find(ATOM + "link").get("href")
        check(eid.startswith(base) and link == eid, f"запись ленты: id/ссылка не абсолютные: {eid} {link}")
        check((pub / link[len(base):] / "index.html").exists(), f"запись ленты ведёт на несуществующую страницу {link}")
        check(bool(re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", e.findtext(ATOM + "updated") or "")), f"{eid}: updated не в формате RFC 3339")
    orders = len(list((ROOT / "content" / "orders").glob("*.md")))
    case_count = len(list((ROOT / "content" / "cases").glob("*/*/index.md")))
    check(len(entries) == min(50, orders + case_count), f"в ленте {len(entries)} записей, а документов и практик {orders + case_count}")
    for rel, html in pages.items():
        check('<link rel="alternate" type="application/atom+xml"' in html, f"{rel}: нет ссылки на ленту")
        if rel == "404.html":  # served at any missing address: no canonical one
            check('rel="canonical"' not in html, "404.html: у страницы ошибки не должно быть canonical")
        else:
            canonical = base + rel[: -len("index.html")]
            check(f'<link rel="canonical" href="{canonical}">' in html, f"{rel}: нет canonical {canonical}")
        check('<meta property="og:title"' in html, f"{rel}: нет Open Graph")

    # --- Sitemap, robots, 404.
    sitemap = ET.parse(pub / "sitemap.xml").getroot()
    locs = {l.text for l in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    for rel in pages:
        if rel in ("404.html", "search/index.html"):
            continue
        url = base + rel[: -len("index.html")]
        check(url in locs, f"sitemap.xml: нет {url}")
    check(f"Sitemap: {base}sitemap.xml" in (pub / "robots.txt").read_text(encoding="utf-8"), "robots.txt не указывает sitemap")
    check("404.html" in pages, "нет 404.html")

    # --- Cross-references: every /orders/<id>/ link in a text page shows up on that order's page.
    for md in sorted((ROOT / "content" / "pages").glob("*.md")):
        for order_id in set(re.findall(r"\]\(/orders/([a-z0-9-]+)/\)", md.read_text(encoding="utf-8"))):
            html = pages.get(f"orders/{order_id}/index.html", "")
            check(f'href="../../{md.stem}/index.html"' in html,
                  f"orders/{order_id}/: не указано, что на документ ссылается {md.relative_to(ROOT)}")

    # --- Without Pagefind: built, with a notice; the search page explains itself.
    off = work / "off"
    r = run(["build", "--site", str(ROOT), "--out", str(off), "--today", FIXED_TODAY], env_extra={"NASTAVNIK_PAGEFIND": "off"})
    check(r.returncode == 0, f"без Pagefind сборка не прошла: {r.stderr[-1000:]}")
    check("поиск по сайту не построен" in r.stderr, f"без Pagefind нет понятного сообщения: {r.stderr[-500:]}")
    check(not (off / "public" / "pagefind").exists(), "без Pagefind появилась папка pagefind/")
    check("search-unavailable" in (off / "public" / "search" / "index.html").read_text(encoding="utf-8"), "на странице поиска нет сообщения о недоступности")

    # --- A failing Pagefind stops the build; the published site stays as it was.
    before = tree_digest(pub)
    r = run(["build", "--site", str(ROOT), "--out", str(a), "--today", FIXED_TODAY], env_extra={"NASTAVNIK_PAGEFIND": shutil.which("false")})
    check(r.returncode != 0 and "Pagefind" in r.stderr, f"сбой Pagefind не остановил сборку: {r.returncode} {r.stderr[-500:]}")
    check(tree_digest(pub) == before, "после сбоя Pagefind опубликованный сайт изменился")
    check(not list(a.glob(".public.staging-*")), "после сбоя осталась промежуточная папка")

    # --- Without base_url: no feed, no sitemap, no link to a feed.
    site = copy_site(ROOT, work / "nobase")
    yaml = (site / "site.yaml").read_text(encoding="utf-8")
    (site / "site.yaml").write_text(re.sub(r"^base_url:.*\n", "", yaml, flags=re.M), encoding="utf-8")
    r = build(site, work / "nobase-out")
    nb = work / "nobase-out" / "public"
    check(r.returncode == 0, f"сайт без base_url не собрался: {r.stderr[-1000:]}")
    check(not (nb / "feed.xml").exists() and not (nb / "sitemap.xml").exists(), "без base_url появились feed.xml или sitemap.xml")
    check("application/atom+xml" not in (nb / "index.html").read_text(encoding="utf-8"), "без base_url страница ссылается на ленту")
finally:
    shutil.rmtree(work, ignore_errors=True)
f.finish(checks)

"""The demo site's spreadsheets open in LibreOffice and recompute to the site's numbers.

Builds the demo site twice, then:
- every public workbook (output/public/files/*.xlsx) and every internal one
  goes through tests/xlsx/check_with_libreoffice.py (real LibreOffice,
  recalculation forced on load): well-formed parts, conversion without error,
  every formula recomputed equal to its cached value, date cells are dates;
- the indicators workbook, as LibreOffice recomputed it, holds exactly the
  values of data/indicators.json (the numbers the pages print): per
  organization and for the municipality, numerator, denominator, value
  («нет данных» where the JSON has null), target and «достигнут»;
- the roadmap workbook holds the rows of data/roadmap.json: numbers, events,
  deadlines as written, parsed start and end as dates, statuses;
- the public workbooks are exactly the expected set, each linked from a page;
  no internal workbook is under output/public/;
- two builds give byte-identical workbooks, public and internal.
"""
import csv
import datetime
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from common import ROOT, Failures, build, internal_links, tempdir, tree_digest

PUBLIC_BOOKS = {
    "files/reestr-dokumentov.xlsx",
    "files/katalog-praktik.xlsx",
    "files/celevye-pokazateli.xlsx",
    "files/dorozhnaya-karta.xlsx",
    "files/baza-nastavnikov.xlsx",
}
NO_DATA = "нет данных"

f = Failures()
checks = 0


def check(cond, message):
    global checks
    checks += 1
    return f.check(cond, message)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def read_csv_text(text):
    return list(csv.reader(text.splitlines(), delimiter=";"))


def number(text):
    return float(text) if text not in ("", None) else None


def same_number(a, b):
    return a is not None and b is not None and abs(a - b) < 1e-9


def lo_date(text):
    """A date as LibreOffice's CSV writes it (raw values: MM/DD/YYYY)."""
    return datetime.datetime.strptime(text, "%m/%d/%Y").date().isoformat() if text else None


def achieved_text(value):
    return "—" if value is None else ("да" if value else "нет")


def check_indicators(csv_dir, base, data):
    summary = read_csv(csv_dir / f"{base}-Сводка.csv")
    header = summary[1]
    col = {name: header.index(name) for name in ("Код", "Учебный год", "Значение", "Цель", "Достигнут",
                                                 "Лист с расчётом по организациям")}
    by_key = {(r[col["Код"]], r[col["Учебный год"]]): r for r in summary[2:]}
    expected_keys = {(i["id"], y["academic_year"]) for i in data["indicators"] for y in i["years"]}
    check(set(by_key) == expected_keys,
          f"summary rows {sorted(set(by_key) ^ expected_keys)} differ from data/indicators.json")
    compared = 0
    for ind in data["indicators"]:
        for year in ind["years"]:
            key = (ind["id"], year["academic_year"])
            row = by_key.get(key)
            if row is None:
                continue
            where = f"{key[0]} {key[1]}"
            value = row[col["Значение"]]
            if year["value"] is None:
                check(value == NO_DATA, f"{where}: summary value {value!r}, JSON null")
            else:
                check(same_number(number(value), year["value"]), f"{where}: summary value {value!r}, JSON {year['value']}")
            check(number(row[col["Цель"]]) == year["target"], f"{where}: target {row[col['Цель']]!r}, JSON {year['target']}")
            check(row[col["Достигнут"]] == achieved_text(year["achieved"]),
                  f"{where}: achieved {row[col['Достигнут']]!r}, JSON {year['achieved']}")
            sheet_path = csv_dir / f"{base}-{row[col['Лист с расчётом по организациям']]}.csv"
            if not check(sheet_path.exists(), f"{where}: no sheet {sheet_path.name}"):
                continue
            rows = read_csv(sheet_path)
            body = rows[2:]
            orgs = {r[0]: r for r in body if r[0]}
            totals = [r for r in body if not r[0]]
            check([o["organization"] for o in year["organizations"]] == [r[0] for r in body if r[0]],
                  f"{where}: organizations differ from JSON")
            check(len(totals) == 1, f"{where}: expected one total row, got {len(totals)}")
            pairs = [(o, orgs.get(o["organization"])) for o in year["organizations"]]
            if totals:
                pairs.append((year, totals[0]))
            for expect, got in pairs:
                if got is None:
                    continue
                name = expect.get("organization", "итого")
                check(same_number(number(got[2]), expect["numerator"]), f"{where} {name}: numerator {got[2]!r} vs {expect['numerator']}")
                check(same_number(number(got[3]), expect["denominator"]), f"{where} {name}: denominator {got[3]!r} vs {expect['denominator']}")
                if expect["value"] is None:
                    check(got[4] == NO_DATA, f"{where} {name}: value {got[4]!r}, JSON null")
                else:
                    check(same_number(number(got[4]), expect["value"]), f"{where} {name}: value {got[4]!r}, JSON {expect['value']}")
                check(number(got[5]) == year["target"], f"{where} {name}: target {got[5]!r}")
                check(got[6] == achieved_text(expect["achieved"]), f"{where} {name}: achieved {got[6]!r} vs {expect['achieved']}")
                compared += 1
    print(f"indicators: {compared} rows of the workbook compared with data/indicators.json")
    check(compared > 20, f"only {compared} indicator rows compared")
    # The demo has «нет данных» somewhere, so the text-result formula is exercised.
    has_null = any(o["value"] is None for i in data["indicators"] for y in i["years"] for o in y["organizations"])
    check(has_null, "the demo has no «нет данных» value: the zero-denominator formula is not exercised")


def check_roadmap(csv_dir, base, data):
    compared = 0
    for rm in data["roadmaps"]:
        path = csv_dir / f"{base}-{rm['issuer_name']}.csv"
        if not check(path.exists(), f"roadmap sheet {path.name} missing"):
            continue
        rows = read_csv(path)[2:]
        check(len(rows) == len(rm["rows"]), f"{rm['issuer']}: {len(rows)} rows in the sheet, {len(rm['rows'])} in JSON")
        for got, want in zip(rows, rm["rows"]):
            where = f"{rm['issuer']} п. {want['number']}"
            check(got[0] == want["number"] and got[1] == want["event"], f"{where}: number/event {got[:2]}")
            if want["section"]:
                check(all(c == "" for c in got[2:]), f"{where}: a section row with values {got[2:]}")
                continue
            d = want["deadline"]
            check(got[2] == d["text"], f"{where}: deadline {got[2]!r} vs {d['text']!r}")
            start = None if d["kind"] == "before" else d["start"]
            check(lo_date(got[3]) == start, f"{where}: start {got[3]!r} vs {start}")
            check(lo_date(got[4]) == d["end"], f"{where}: end {got[4]!r} vs {d['end']}")
            check(got[5] == want["period"], f"{where}: period {got[5]!r}")
            check(got[8] == want["state_label"], f"{where}: state {got[8]!r} vs {want['state_label']!r}")
            check(got[9] == want["status"], f"{where}: declared status {got[9]!r}")
            compared += 1
    print(f"roadmap: {compared} rows of the workbook compared with data/roadmap.json")
    check(compared > 20, f"only {compared} roadmap rows compared")


def check_mentors(csv_dir, base, public):
    rows = read_csv(csv_dir / f"{base}-Наставники.csv")[2:]
    html = (public / "mentors" / "index.html").read_text(encoding="utf-8")
    m = re.search(r"Опубликовано: (\d+)\.", html)
    check(m and int(m.group(1)) == len(rows), f"mentors workbook has {len(rows)} rows, the page says {m and m.group(1)}")
    for r in rows:
        check(r[0] in html, f"mentor {r[0]!r} in the workbook but not on /mentors/")
    print(f"mentors: {len(rows)} rows, each on /mentors/")


def check_monitoring(csv_dir, bases):
    """The live counts of each form equal the participants listed on it."""
    compared = 0
    for book, base in sorted(bases.items()):
        people = read_csv(csv_dir / f"{base}-Участники.csv")
        header = people[1]
        role = header.index("Роль")
        for row in read_csv(csv_dir / f"{base}-Численность.csv")[2:]:
            m = re.fullmatch(r"Роль «([^»]+)»(?: — всего|, (Форма|Категория) «([^»]+)»)", row[0])
            if not check(m, f"{book.name}: unexpected count row {row[0]!r}"):
                continue
            other = header.index(m.group(2)) if m.group(2) else None
            n = sum(1 for p in people[2:] if p[role] == m.group(1) and (other is None or p[other] == m.group(3)))
            check(number(row[1]) == n, f"{book.name}: {row[0]}: {row[1]} counted, {n} listed")
            compared += 1
    print(f"monitoring forms: {len(bases)}, {compared} counts compared with their lists")
    check(compared > 0, "no monitoring counts compared")


work = tempdir()
try:
    out, out2 = work / "out", work / "out2"
    r = build(ROOT, out)
    check(r.returncode == 0, f"build failed:\n{r.stderr}")
    public, internal = out / "public", out / "internal"
    public_books = sorted(public.rglob("*.xlsx"))
    internal_books = sorted(internal.rglob("*.xlsx")) if internal.exists() else []
    rel_public = {p.relative_to(public).as_posix() for p in public_books}
    check(rel_public == PUBLIC_BOOKS, f"public workbooks {sorted(rel_public)}, expected {sorted(PUBLIC_BOOKS)}")
    names = {p.name for p in public_books}
    for book in internal_books:
        check(book.name not in names, f"internal workbook {book.name} also under public/")
    # Where each file is linked from: links resolved against their page.
    linked_from = {}
    for page in public.rglob("*.html"):
        for link in internal_links(page.read_text(encoding="utf-8")):
            target = (page.parent / link.split("#")[0].split("?")[0]).resolve()
            if target.suffix == ".xlsx":
                linked_from.setdefault(target.relative_to(public.resolve()).as_posix(), set()).add(
                    page.relative_to(public).as_posix())
    for book in sorted(rel_public):
        check(book in linked_from, f"{book} is not linked from any page")
    # Each is linked from the page that shows the same data.
    for page, book in (("indicators/index.html", "files/celevye-pokazateli.xlsx"),
                       ("roadmap/index.html", "files/dorozhnaya-karta.xlsx"),
                       ("orders/index.html", "files/reestr-dokumentov.xlsx"),
                       ("cases/index.html", "files/katalog-praktik.xlsx"),
                       ("mentors/index.html", "files/baza-nastavnikov.xlsx")):
        check(page in linked_from.get(book, ()), f"{page} does not link {book}")

    # Internal workbooks: the registries and a monitoring form per educational organization.
    rel_internal = {p.relative_to(internal).as_posix() for p in internal_books}
    check("registries/participants.xlsx" in rel_internal, f"no internal participants workbook: {sorted(rel_internal)}")
    orgs = read_csv_text((ROOT / "data" / "organizations.csv").read_text(encoding="utf-8-sig"))
    educational = {r[0] for r in orgs[1:] if r and r[3] != "другое"}
    forms = {p.split("/")[1][:-5] for p in rel_internal if p.startswith("monitoring/")}
    check(educational <= forms, f"no monitoring form for {sorted(educational - forms)}")
    for rel in rel_internal:
        check(not (public / rel).exists() and not list(public.rglob(Path(rel).name)),
              f"internal workbook {rel} has a copy under public/")

    # Two builds, identical bytes (public and internal workbooks alike).
    r2 = build(ROOT, out2)
    check(r2.returncode == 0, f"second build failed:\n{r2.stderr}")
    d1 = {k: v for k, v in tree_digest(out).items() if k.endswith(".xlsx")}
    d2 = {k: v for k, v in tree_digest(out2).items() if k.endswith(".xlsx")}
    check(d1 == d2 and d1, "workbooks differ between two builds: " +
          ", ".join(sorted(k for k in set(d1) | set(d2) if d1.get(k) != d2.get(k))))

    # The checker works on one folder; gather every workbook into one.
    gathered = work / "books"
    gathered.mkdir()
    bases = {}
    for i, book in enumerate(public_books + internal_books):
        target = gathered / f"{i:03d}-{book.name}"
        shutil.copyfile(book, target)
        bases[book] = target.stem
    csv_dir = work / "csv"
    lo = subprocess.run([sys.executable, str(ROOT / "tests" / "xlsx" / "check_with_libreoffice.py"), str(gathered),
                         "--csv-dir", str(csv_dir)], capture_output=True, text=True, timeout=900)
    print("\n".join(l for l in lo.stdout.splitlines() if not l.startswith("  |"))[-3000:])
    check(lo.returncode == 0, f"LibreOffice check failed (exit {lo.returncode}):\n{lo.stdout[-2000:]}\n{lo.stderr[-2000:]}")

    if lo.returncode in (0, 1):
        check_indicators(csv_dir, bases[public / "files" / "celevye-pokazateli.xlsx"],
                         json.loads((public / "data" / "indicators.json").read_text(encoding="utf-8")))
        check_mentors(csv_dir, bases[public / "files" / "baza-nastavnikov.xlsx"], public)
        check_monitoring(csv_dir, {b: bases[b] for b in internal_books if b.parent.name == "monitoring"})
        check_roadmap(csv_dir, bases[public / "files" / "dorozhnaya-karta.xlsx"],
                      json.loads((public / "data" / "roadmap.json").read_text(encoding="utf-8")))
finally:
    shutil.rmtree(work, ignore_errors=True)
f.finish(checks)

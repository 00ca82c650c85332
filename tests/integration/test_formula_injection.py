"""Text that looks like a formula stays text in every spreadsheet and CSV a build writes.

Independent of the demo: copies tests/fixtures/sites/minimal, adds a case whose
title starts with '=' (a HYPERLINK a spreadsheet would run) and a participants
registry whose cells start with '+', '-', '@' and '=' (a phone «+7 …» is the
everyday case), builds, then:
- in every .xlsx (public and internal) no formula contains the injected text,
  and the injected text is present as a string cell (shared or inline);
- in every .csv (public and internal) the injected text appears only
  neutralised (with a leading apostrophe), and no cell starts with '=', '+'
  or '@' (a '-' only as a negative number).
"""
import csv
import io
import re
import shutil
import zipfile
from pathlib import Path

from common import ROOT, Failures, build, copy_site, tempdir

CASE_TITLE = '=HYPERLINK("https://evil.example/","Подробнее о практике")'
PHONE = "+7 (900) 123-45-67"
SURNAME = "-Иванова"  # a minus first
EMAIL_LIKE = "@mail"   # not a valid e-mail: goes into a string field instead
INJECTED_XLSX = {CASE_TITLE: "public/files/katalog-praktik.xlsx", PHONE: "internal/registries/participants.xlsx",
                 SURNAME: "internal/registries/participants.xlsx"}

CASE = f"""---
title: '{CASE_TITLE}'
organization: sch-1
date: 01.09.2023
authors: [Петрова Анна Ивановна]
form: учитель – учитель
kind: традиционное
element: адаптация
academic_year: 2023-2024
tags: [адаптация]
summary: Практика с заголовком, похожим на формулу.
---
Текст практики.
"""

PARTICIPANTS = (
    "\ufeffКод;Фамилия;Имя;Отчество;Дата рождения;Организация;Роль;Категория;Должность;Форма;Программа;"
    "Начало;Окончание;Согласие на публикацию;Дата согласия;Адрес публикации;Согласие отозвано;Телефон;"
    "Электронная почта\r\n"
    f"p1;{SURNAME};Мария;Петровна;01.02.1990;sch-1;наставник;педагог;{EMAIL_LIKE};учитель – учитель;;"
    f"01.09.2023;;нет;;;;{PHONE};m@example.test\r\n"
    "p2;Сидоров;Пётр;;02.03.1999;sch-1;наставляемый;молодой специалист;=1+2;учитель – учитель;;"
    "01.09.2023;;нет;;;;+79001112233;\r\n"
)

f = Failures()
checks = 0


def check(cond, message):
    global checks
    checks += 1
    return f.check(cond, message)


work = tempdir()
try:
    site = copy_site(ROOT / "tests" / "fixtures" / "sites" / "minimal", work / "site")
    case_dir = site / "content" / "cases" / "sch-1" / "formula-v-zagolovke"
    case_dir.mkdir(parents=True)
    (case_dir / "index.md").write_text(CASE, encoding="utf-8")
    (site / "data" / "participants.csv").write_bytes(PARTICIPANTS.encode("utf-8"))
    out = work / "out"
    r = build(site, out)
    check(r.returncode == 0, f"build failed:\n{r.stdout}\n{r.stderr}")

    books = sorted(out.rglob("*.xlsx"))
    rel_books = {b.relative_to(out).as_posix() for b in books}
    for needle, book in INJECTED_XLSX.items():
        check(book in rel_books, f"{book} not written (have {sorted(rel_books)})")
    found = {needle: [] for needle in INJECTED_XLSX}
    for book in books:
        with zipfile.ZipFile(book) as z:
            for name in z.namelist():
                if not name.endswith(".xml"):
                    continue
                xml = z.read(name).decode("utf-8")
                xml_text = xml.replace("&quot;", '"').replace("&amp;", "&")
                for formula in re.findall(r"<f>(.*?)</f>", xml_text, re.S):
                    for needle in list(INJECTED_XLSX) + ["=1+2", "HYPERLINK"]:
                        check(needle.lstrip("=") not in formula,
                              f"{book.relative_to(out)}:{name}: a formula holds injected text: {formula[:80]}")
                for t in re.findall(r"<t(?: [^>]*)?>(.*?)</t>", xml_text, re.S):
                    if t in found:
                        found[t].append(book.relative_to(out).as_posix())
    for needle, book in INJECTED_XLSX.items():
        check(book in found[needle], f"{needle!r} is not a text cell of {book} (found in {found[needle]})")

    csvs = sorted(out.rglob("*.csv"))
    check(any("internal" in c.relative_to(out).parts[0] for c in csvs), "no internal CSV export to check")
    seen = set()
    for path in csvs:
        text = path.read_bytes().decode("utf-8-sig")
        for row in csv.reader(io.StringIO(text), delimiter=";"):
            for cell in row:
                if cell.startswith("'"):
                    seen.add(cell[1:])
                if cell[:1] in ("=", "+", "@") or (cell[:1] == "-" and not re.fullmatch(r"-\d+(,\d+)?", cell)):
                    check(False, f"{path.relative_to(out)}: a cell Excel would run as a formula: {cell!r}")
    for needle in (PHONE, SURNAME, "=1+2", EMAIL_LIKE):
        check(needle in seen, f"{needle!r} not found neutralised in any CSV export")
    print(f"{len(books)} workbooks and {len(csvs)} CSV files checked")
finally:
    shutil.rmtree(work, ignore_errors=True)
f.finish(checks)

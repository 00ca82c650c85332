#!/usr/bin/env python3
"""Opens every .xlsx in a folder with LibreOffice and checks what it computes.

Usage: check_with_libreoffice.py DIR [--soffice PATH] [--keep] [--csv-dir OUT]

For each workbook in DIR (not recursive):
  1. the zip container is sound and every XML part is well-formed (what
     Excel's "repair" prompt is usually about);
  2. LibreOffice (headless, with a private profile) converts every sheet to
     CSV without error;
  3. every formula cell's recomputed value equals the cached <v> the
     generator wrote (worksheet_write_formula_num), within 1e-9 relative;
     a formula with a text result (worksheet_write_formula_str, t="str",
     e.g. «нет данных») must recompute to exactly that text;
  4. every cell with a date style comes out of LibreOffice as a date.

LibreOffice trusts cached formula results of files that say they come from
Excel (libxlsxwriter does) unless told otherwise, which would make check 3
vacuous. The private profile therefore sets Calc's "recalculation on file
load" for OOXML to "always", and a built-in canary workbook with a wrong
cached value must come back recomputed, or the check fails.

Sample workbooks written by the XLSX adapter (generator/publish/xlsx.h):
  NASTAVNIK_XLSX_SAMPLE_DIR=build/xlsx-sample \
    ./build/generator/nastavnik_unit_tests -tc='XLSX sample*'
  tests/xlsx/check_with_libreoffice.py build/xlsx-sample

One LibreOffice start converts every file; it takes about 5 s whatever the
number of small files, so the check belongs in a slow test, not a unit test.

--csv-dir OUT keeps LibreOffice's recomputed CSV (OUT/<book>-<sheet>.csv,
one per sheet) for a caller that compares values with other sources.

Exit status: 0 when every check passes, 1 when one fails, 2 when the
checker cannot run (no soffice, no workbooks). Standard library only.
"""
import argparse
import csv
import datetime
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
import zipfile

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
R_ID = "{%s}id" % NS["r"]
# Comma-separated, '"'-quoted, UTF-8 (76), from line 1, raw values rather than
# "as shown" (token 9 false), no formulas, all sheets (-1), one file per sheet
# named <base>-<sheet>.csv (LibreOffice 7.2+).
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
# OOXMLRecalcMode 0 = always recalculate on load (1 = never, 2 = ask).
REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""
BUILTIN_DATE_FORMATS = set(range(14, 23)) | set(range(45, 48))
CANARY = "zz-canary-wrong-cache"


def col_index(letters):
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - ord("A") + 1
    return n - 1


def split_ref(ref):
    m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    return int(m.group(2)) - 1, col_index(m.group(1))


def col_letters(index):
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cells_with_refs(sheet):
    """The sheet's <c> elements, each with its reference in "r" as Excel and
    LibreOffice place it: a row or a cell without r="…" follows the one before."""
    row = 0
    for r in sheet.iter("{%s}row" % NS["m"]):
        row = int(r.get("r")) if r.get("r") else row + 1
        col = -1
        for c in r.findall("m:c", NS):
            col = split_ref(c.get("r"))[1] if c.get("r") else col + 1
            c.set("r", "%s%d" % (col_letters(col), row))
            yield c


def is_date_code(code):
    code = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", code).lower()
    return "general" not in code and bool(re.search(r"[dy]", code))


def read_workbook(path):
    """Sheets (name, [formula cells], [date cells]) and structural problems."""
    problems = []
    with zipfile.ZipFile(path) as z:
        bad = z.testzip()
        if bad:
            problems.append("повреждён элемент архива %s" % bad)
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                try:
                    ET.fromstring(z.read(name))
                except ET.ParseError as e:
                    problems.append("%s: XML не разбирается: %s" % (name, e))
        if problems:
            return [], problems
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        target = {r.get("Id"): r.get("Target") for r in rels.findall("rel:Relationship", NS)}
        styles = ET.fromstring(z.read("xl/styles.xml"))
        codes = {int(f.get("numFmtId")): f.get("formatCode")
                 for f in styles.findall("m:numFmts/m:numFmt", NS)}
        date_styles = set()
        for i, xf in enumerate(styles.findall("m:cellXfs/m:xf", NS)):
            fid = int(xf.get("numFmtId", "0"))
            if fid in BUILTIN_DATE_FORMATS or (fid in codes and is_date_code(codes[fid])):
                date_styles.add(i)
        sheets = []
        book = ET.fromstring(z.read("xl/workbook.xml"))
        for s in book.findall("m:sheets/m:sheet", NS):
            part = "xl/" + target[s.get(R_ID)].lstrip("/").removeprefix("xl/")
            root = ET.fromstring(z.read(part))
            formulas, dates = [], []
            for c in cells_with_refs(root):
                f, v = c.find("m:f", NS), c.find("m:v", NS)
                if f is not None:
                    if c.get("t") in (None, "n") and v is not None:
                        formulas.append((c.get("r"), f.text, float(v.text)))
                    elif c.get("t") == "str":
                        formulas.append((c.get("r"), f.text, v.text if v is not None and v.text else ""))
                elif v is not None and c.get("t") in (None, "n") and int(c.get("s", "0")) in date_styles:
                    dates.append((c.get("r"), float(v.text)))
            sheets.append((s.get("name"), formulas, dates))
    return sheets, problems


def parse_number(text):
    text = text.strip().replace("\u00a0", "")
    if text.endswith("%"):
        return float(text[:-1]) / 100
    if text in ("TRUE", "FALSE"):
        return 1.0 if text == "TRUE" else 0.0
    return float(text)


def excel_serial_to_date(serial):
    # Serial 60 is Excel's phantom 1900-02-29; real dates from 1900-03-01.
    base = datetime.date(1899, 12, 30) if serial >= 61 else datetime.date(1899, 12, 31)
    return base + datetime.timedelta(days=int(serial))


def parse_date(text):
    for fmt in ("%m/%d/%Y", "%d.%m.%Y", "%Y-%m-%d", "%m/%d/%y"):
        try:
            return datetime.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            pass
    return None


def write_canary(path):
    """A workbook claiming to be from Excel with =A1+B1 cached as 6; 2+3 is 5."""
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        "</Types>",
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
        "</Relationships>",
        "docProps/app.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>Microsoft Excel</Application></Properties>",
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="canary" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/styles.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
        '<borders count="1"><border/></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
        "</styleSheet>",
        "xl/worksheets/sheet1.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1"><v>2</v></c><c r="B1"><v>3</v></c><c r="C1"><f>A1+B1</f><v>6</v></c></row>'
        "</sheetData></worksheet>",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir")
    ap.add_argument("--soffice", default=shutil.which("soffice") or "/usr/bin/soffice")
    ap.add_argument("--keep", action="store_true", help="keep the CSV files and the profile")
    ap.add_argument("--csv-dir", help="write the recomputed CSV files here and keep them")
    args = ap.parse_args()

    if not os.access(args.soffice, os.X_OK):
        print("нет LibreOffice (%s): установите libreoffice-calc" % args.soffice, file=sys.stderr)
        return 2
    books = sorted(os.path.join(args.dir, f) for f in os.listdir(args.dir) if f.endswith(".xlsx"))
    if not books:
        print("в папке %s нет файлов .xlsx" % args.dir, file=sys.stderr)
        return 2

    work = tempfile.mkdtemp(prefix="nastavnik-lo-")
    profile = os.path.join(work, "profile")
    out = os.path.abspath(args.csv_dir) if args.csv_dir else os.path.join(work, "csv")
    os.makedirs(os.path.join(profile, "user"))
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(profile, "user", "registrymodifications.xcu"), "w", encoding="utf-8") as f:
        f.write(REGISTRY)
    canary = os.path.join(work, CANARY + ".xlsx")
    write_canary(canary)

    failures = []
    expected = {}
    for book in books:
        sheets, problems = read_workbook(book)
        failures += ["%s: %s" % (os.path.basename(book), p) for p in problems]
        expected[book] = sheets

    # One LibreOffice start for all files: starting it costs seconds.
    cmd = [args.soffice, "--headless", "--norestore", "--nolockcheck",
           "-env:UserInstallation=file://" + profile,
           "--convert-to", CSV_FILTER, "--outdir", out] + books + [canary]
    started = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    elapsed = time.monotonic() - started
    print("LibreOffice (%d файлов, %.1f с, код %d) сообщил:" % (len(books) + 1, elapsed, proc.returncode))
    for line in (proc.stdout + proc.stderr).splitlines():
        print("  | " + line)
    if proc.returncode != 0:
        failures.append("LibreOffice завершился с кодом %d" % proc.returncode)

    def load_csv(book, sheet):
        base = os.path.splitext(os.path.basename(book))[0]
        path = os.path.join(out, "%s-%s.csv" % (base, sheet))
        if not os.path.exists(path):
            return None
        with open(path, newline="", encoding="utf-8") as f:
            return list(csv.reader(f))

    def cell(rows, ref):
        r, c = split_ref(ref)  # LibreOffice's CSV starts at A1
        return rows[r][c] if r < len(rows) and c < len(rows[r]) else ""

    canary_rows = load_csv(canary, "canary")
    if canary_rows is None or cell(canary_rows, "C1") != "5":
        failures.append("LibreOffice не пересчитал формулы при открытии (контрольный файл: %r вместо 5); "
                        "проверка формул была бы пустой" % (canary_rows and cell(canary_rows, "C1")))

    for book in books:
        name = os.path.basename(book)
        counts = [0, 0]
        for sheet, formulas, dates in expected[book]:
            rows = load_csv(book, sheet)
            if rows is None:
                failures.append("%s: LibreOffice не выгрузил лист «%s»" % (name, sheet))
                continue
            for ref, formula, cached in formulas:
                text = cell(rows, ref)
                if isinstance(cached, str):
                    if text != cached:
                        failures.append("%s!%s: =%s пересчитана в %r, в файле %r" % (sheet, ref, formula, text, cached))
                    counts[0] += 1
                    continue
                try:
                    got = parse_number(text)
                except ValueError:
                    failures.append("%s!%s: =%s пересчитана в %r, ожидалось %s" % (sheet, ref, formula, text, cached))
                    continue
                if abs(got - cached) > 1e-9 * max(1.0, abs(cached)):
                    failures.append("%s!%s: =%s пересчитана в %r, в файле %r" % (sheet, ref, formula, got, cached))
                counts[0] += 1
            for ref, serial in dates:
                text = cell(rows, ref)
                if parse_date(text) != excel_serial_to_date(serial):
                    failures.append("%s!%s: дата %s выгружена как %r" % (sheet, ref, excel_serial_to_date(serial), text))
                counts[1] += 1
        print("%s: листов %d, формул сверено %d, дат %d" % (name, len(expected[book]), counts[0], counts[1]))

    if args.keep:
        print("файлы проверки сохранены в " + work)
    else:
        shutil.rmtree(work, ignore_errors=True)
    for f in failures:
        print("ОШИБКА: " + f, file=sys.stderr)
    print("итого: %s" % ("ошибок нет" if not failures else "ошибок %d" % len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

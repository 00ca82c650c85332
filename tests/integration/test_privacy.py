"""Personal data never reaches output/public/, and the guard stops a build that would publish it.

1. Every value of every internal column of the fixture registries
   (tests/fixtures/privacy/site/data/, participants in Windows-1251) is searched,
   normalised, in every file under output/public/ — HTML, JSON, XML, feeds, the
   search index (gzip unpacked), the XML inside XLSX/DOCX — and must not occur.
   Allowed by design: a consenting mentor's name and position (the consent rule
   is re-implemented here, independently of the C++), the site's own address
   (a consent_address equal to it), and yes/no flags (identify nobody).
2. /mentors/ lists exactly the consenting mentors; every other mentor's full
   name is absent from the whole public tree.
3. output/internal/ holds the full registry and per-organization lists.
4. A mentee's name (also declined or with initials), a birth date, a phone or
   an e-mail planted in a case, an order, site.yaml or an XLSX attachment stops
   the build with the right code at the right place, naming the registry row,
   and the previous output stays.
5. The demo site: no mentee's full name, no birth date, phone or e-mail of any
   participant in its public tree.
"""
import csv
import datetime as dt
import gzip
import html
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

from common import FIXED_TODAY, ROOT, Failures, build, copy_site, run, tempdir, tree_digest

FIXTURE = ROOT / "tests" / "fixtures" / "privacy" / "site"
SCHEMAS = ROOT / "generator" / "schemas"
TODAY = dt.date.fromisoformat(FIXED_TODAY)

f = Failures()
checks = 0


def check(cond, message):
    global checks
    checks += 1
    return f.check(cond, message)


def read_registry(path):
    """Rows of a registry CSV as dicts by header; UTF-8 (BOM or not) or Windows-1251."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1251")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    return [dict(zip(rows[0], r)) for r in rows[1:] if any(r)]


def schema_fields(name):
    """[(field name, title, type, publish)] from generator/schemas/<name>.yaml (a line parser for its flat layout)."""
    fields = []
    for line in (SCHEMAS / f"{name}.yaml").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^  - name: (\S+)", line)
        if m:
            fields.append({"name": m.group(1), "title": "", "type": "string", "publish": "public"})
            continue
        m = re.match(r"^    (title|type|publish): (.+)$", line)
        if m and fields:
            fields[-1][m.group(1)] = m.group(2).strip()
    return fields


def norm(text):
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
    text = html.unescape(html.unescape(text)).replace("\u00ad", "")
    text = text.lower().replace("ё", "е")
    return " " + " ".join(re.findall(r"[0-9a-zа-я@]+", text)) + " "


def public_texts(root):
    """{path: normalised text} of every readable file; archives member by member."""
    out = {}

    def add(name, data):
        if data[:4] == b"PK\x03\x04":
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                for member in z.namelist():
                    add(f"{name}!{member}", z.read(member))
            return
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            # Binary files (images, Pagefind's CBOR index, wasm) may still
            # carry UTF-8 words; a text file may be Windows-1251. Search both
            # readings, replacing what neither can decode.
            text = data.decode("utf-8", errors="replace") + "\n" + data.decode("cp1251", errors="replace")
        out[name] = norm(text)

    for p in sorted(Path(root).rglob("*")):
        if p.is_file():
            add(p.relative_to(root).as_posix(), p.read_bytes())
    return out


def where(value, texts):
    needle = norm(value)
    if needle.strip() == "":
        return []
    return [name for name, text in texts.items() if needle in text]


def parse_date(s):
    s = s.strip()
    if not s:
        return None
    if re.match(r"^\d{4}-\d{2}-\d{2}$", s):
        return dt.date.fromisoformat(s)
    d, m, y = s.split(".")
    return dt.date(int(y), int(m), int(d))


def address_key(url):
    m = re.match(r"^https?://([^/?#]+)(/[^?#]*)?", url.strip(), re.I)
    if not m:
        return None
    path = m.group(2) or "/"
    return m.group(1).lower(), path if path.endswith("/") else path + "/"


def covers(consent, site):
    c, s = address_key(consent), address_key(site)
    return bool(c and s and c[0] == s[0] and s[1].startswith(c[1]))


def publishable(row, site_address):
    """The consent rule, written independently of model/privacy.cc."""
    if row["Роль"] != "наставник" or row["Категория"] == "обучающийся":
        return False
    if row["Согласие на публикацию"].strip().lower() != "да":
        return False
    signed, withdrawn = parse_date(row["Дата согласия"]), parse_date(row["Согласие отозвано"])
    if signed is None or signed > TODAY or (withdrawn is not None and withdrawn <= TODAY):
        return False
    return covers(row["Адрес публикации"], site_address)


def full_name(row):
    return " ".join(x for x in (row["Фамилия"], row["Имя"], row["Отчество"]) if x)


def site_address(site):
    m = re.search(r"^base_url:\s*(\S+)", (site / "site.yaml").read_text(encoding="utf-8"), re.M)
    return m.group(1)


work = tempdir()
try:
    # --- 1. Every internal value of the fixture registries stays out of public/.
    out = work / "out"
    r = build(FIXTURE, out)
    check(r.returncode == 0, f"fixture build failed: {r.stdout}{r.stderr}")
    texts = public_texts(out / "public")
    check(len(texts) > 10, f"public tree unexpectedly small: {sorted(texts)}")
    address = site_address(FIXTURE)
    participants = read_registry(FIXTURE / "data" / "participants.csv")
    allowed_columns = {"surname", "name", "patronymic", "position"}
    searched = 0
    for name in ("participants", "pairs", "survey"):
        path = FIXTURE / "data" / f"{name}.csv"
        if not path.exists():
            continue
        rows = read_registry(path)
        fields = [fl for fl in schema_fields(name) if fl["publish"] == "internal"]
        check(fields, f"{name}: no internal fields parsed from the schema")
        for i, row in enumerate(rows):
            ok_public = name == "participants" and publishable(row, address)
            for fl in fields:
                value = row.get(fl["title"], "")
                if not value.strip() or fl["type"] == "boolean":
                    continue
                if ok_public and fl["name"] in allowed_columns:
                    continue
                if fl["name"] == "consent_address" and covers(value, address):
                    continue
                variants = [value]
                if fl["type"] == "date":
                    d = parse_date(value)
                    variants = [d.strftime("%d.%m.%Y"), d.isoformat()]
                if fl["type"] == "list":
                    variants = [v.strip() for v in re.split(r"[,;]", value)]
                for v in variants:
                    searched += 1
                    hits = where(v, texts)
                    check(not hits, f"{name} row {i + 2} column «{fl['title']}» value «{v}» found in {hits}")
    check(searched >= 60, f"only {searched} internal values searched: the fixture or the schema parser broke")

    # --- 2. /mentors/ shows exactly the consenting mentors.
    expected = sorted(full_name(p) for p in participants if publishable(p, address))
    check(expected == ["Белова Ирина Сергеевна", "Гордеев Степан Ильич"], f"fixture consent rule gives {expected}")
    page = (out / "public" / "mentors" / "index.html").read_text(encoding="utf-8")
    shown = sorted(html.unescape(n) for n in re.findall(r'<th scope="row">([^<]+)</th>', page))
    check(shown == expected, f"/mentors/ shows {shown}, expected {expected}")
    for p in participants:
        if p["Роль"] == "наставник" and not publishable(p, address):
            hits = where(full_name(p), texts)
            check(not hits, f"mentor without valid consent {p['Код']} named in {hits}")
    form_pages = sorted((out / "public" / "mentors").glob("*/index.html"))
    check(len(form_pages) == 3, f"expected 3 form facet pages, got {form_pages}")

    # --- 3. Internal reports exist, in internal/ only.
    internal = out / "internal"
    full = internal / "registries" / "participants.csv"
    check(full.exists(), "internal/registries/participants.csv missing")
    if full.exists():
        rows = read_registry(full)
        check(len(rows) == len(participants), f"internal registry has {len(rows)} rows, want {len(participants)}")
        check(full.read_bytes().startswith(b"\xef\xbb\xbf"), "internal CSV lacks the UTF-8 BOM")
    check((internal / "organizations" / "sch-1" / "participants.csv").exists(), "per-organization list missing")
    check(not any("participants" in n or n.endswith(".csv") for n in texts), f"a registry file in public/: {sorted(texts)}")

    # --- 4. Planted leaks stop the build; the previous output stays.
    def planted(label, edit, expect):
        site = copy_site(FIXTURE, work / label)
        out = work / (label + "-out")
        r = build(site, out)
        if not check(r.returncode == 0, f"{label}: clean build failed: {r.stdout}{r.stderr}"):
            return
        before = tree_digest(out)
        edit(site)
        r = build(site, out)
        check(r.returncode == 1, f"{label}: build with a leak exited {r.returncode}")
        for want in expect:
            check(want in r.stdout + r.stderr, f"{label}: «{want}» not in output:\n{r.stdout}{r.stderr}")
        check(tree_digest(out) == before, f"{label}: the previous output changed")
        return r

    case = "content/cases/sch-1/para-goda/index.md"

    def plant_name(site):
        p = site / case
        lines = p.read_text(encoding="utf-8").splitlines()
        lines[14] = "Особенно отличилась ученица АЛЕНА  Ёлкина (6 класс)."  # line 15
        p.write_text("\n".join(lines) + "\n", encoding="utf-8")

    planted("name-in-case", plant_name,
            [f"{case}:15:29: ошибка E075", "data/participants.csv:9, код e01", "para-goda/index.html"])
    r = run(["check", "--site", str(work / "name-in-case"), "--today", FIXED_TODAY, "--format", "json"])
    report = json.loads(r.stdout)
    got = sorted(f"{d['file']}:{d['line']}:{d['column']}: {d['code']}" for d in report["diagnostics"])
    check(got == [f"{case}:15:29: E075"], f"check reports {got}")

    # The name declined, or with initials: found all the same; the report says
    # so without repeating the name (CI logs may be public).
    def plant_declined(text):
        def edit(site):
            p = site / case
            lines = p.read_text(encoding="utf-8").splitlines()
            lines[14] = text  # line 15
            p.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return edit

    for label, text, column in [("declined-name-in-case", "Работа с Алёной Ёлкиной шла весь год.", 10),
                                ("initials-in-case", "Грамоту вручили Ёлкиной А. А. на линейке.", 17)]:
        r = planted(label, plant_declined(text),
                    [f"{case}:15:{column}: ошибка E075", "в другом падеже или с инициалами",
                     "data/participants.csv:9, код e01"])
        if r is not None:  # the message (not the quoted source line) names no one
            message = [line for line in (r.stdout + r.stderr).splitlines() if "ошибка E075" in line]
            check(message and not any("Ёлкин" in line for line in message),
                  f"{label}: the message repeats the name:\n{r.stdout}{r.stderr}")
    # One initial alone is not enough when the registry has a patronymic
    # (officials sign orders «Фамилия И. О.»: a namesake must not stop a build).
    site = copy_site(FIXTURE, work / "one-initial")
    plant_declined("Приказ подписала Ёлкина А. В., начальник управления.")(site)
    r = build(site, work / "one-initial-out")
    check(r.returncode == 0, f"one-initial: «Ёлкина А. В.» (another patronymic) stopped the build:\n{r.stdout}{r.stderr}")

    def plant_contacts(site):
        p = site / "content" / "orders" / "uo-1.md"
        p.write_text(p.read_text(encoding="utf-8") + "\nКонтакт: 8 (912) 345-67-89, ALENA.ELKINA@mail.example; родилась 2011-03-04.\n",
                     encoding="utf-8")

    planted("contacts-in-order", plant_contacts,
            ["content/orders/uo-1.md", "ошибка E077", "ошибка E076", "data/participants.csv:9"])

    def plant_site_yaml(site):
        p = site / "site.yaml"
        p.write_text(p.read_text(encoding="utf-8").replace("description: Тестовый раздел",
                                                           "description: Тестовый раздел, Святослав Прохоренко"),
                     encoding="utf-8")

    planted("name-in-site-yaml", plant_site_yaml,
            ["public/index.html", "ошибка E075", "data/participants.csv:11, код e03"])

    def plant_xlsx(site):
        folder = site / "content" / "cases" / "sch-1" / "para-goda"
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
            z.writestr("xl/sharedStrings.xml",
                       '<?xml version="1.0"?><sst><si><t>Ёлкина</t></si><si><t>Закирова Миляуша Ринатовна</t></si></sst>')
        (folder / "spisok.xlsx").write_bytes(buf.getvalue())
        p = folder / "index.md"
        p.write_text(p.read_text(encoding="utf-8").replace(
            "summary:", "attachments:\n  - file: spisok.xlsx\n    title: Список пары\nsummary:"), encoding="utf-8")

    planted("name-in-xlsx", plant_xlsx,
            ["spisok.xlsx!xl/sharedStrings.xml", "ошибка E075", "data/participants.csv:10, код e02"])

    # --- 5. The demo site: no child's name, no birth date or contact anywhere.
    demo_out = work / "demo-out"
    r = build(ROOT, demo_out)
    check(r.returncode == 0, f"demo build failed: {r.stdout}{r.stderr}")
    blob = "".join(public_texts(demo_out / "public").values())
    digits = re.sub(r"\D", "", blob)
    demo = read_registry(ROOT / "data" / "participants.csv")
    check(len(demo) >= 400, f"demo registry has {len(demo)} rows")
    # A mentee who shares «Фамилия Имя» with a consenting mentor is searched
    # with the patronymic (the guard does the same, publish/pii_index.h).
    published = "|".join(norm(full_name(p)) + norm(f"{p['Имя']} {p['Фамилия']}") + norm(f"{p['Имя']} {p['Отчество']} {p['Фамилия']}")
                         for p in demo if publishable(p, site_address(ROOT)))
    for p in demo:
        needles = []
        if p["Роль"] == "наставляемый":
            s, n, pt = p["Фамилия"], p["Имя"], p["Отчество"]
            forms = [f"{s} {n}", f"{n} {s}"] + ([f"{s} {n} {pt}", f"{n} {pt} {s}"] if pt else [])
            needles += [x for x in forms if norm(x) not in published]
        b = parse_date(p["Дата рождения"])
        needles += [b.strftime("%d.%m.%Y"), b.isoformat()]
        if p["Электронная почта"]:
            needles.append(p["Электронная почта"])
        for n in needles:
            check(norm(n) not in blob, f"demo: {p['Код']} value «{n}» is published")
        phone = re.sub(r"\D", "", p["Телефон"])[-10:]
        if phone:
            check(phone not in digits, f"demo: {p['Код']} phone is published")
finally:
    shutil.rmtree(work, ignore_errors=True)
f.finish(checks)

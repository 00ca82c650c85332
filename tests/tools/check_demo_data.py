#!/usr/bin/env python3
"""Consistency check of the demo content repository (standard library only).

Checks encodings, headers, ids, dates, forms and ages in data/*.csv, the front
matter of content/ (a light parser for the subset used there), case authors
against consenting mentors, and prints the indicator values the registries give
(reference date 1 September of the academic year; «active» = participation
overlaps the academic year). Exit status 1 on any error.

Usage: python3 tests/tools/check_demo_data.py [REPO_ROOT]
"""
import csv
import datetime as dt
import io
import os
import re
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
SITE = "https://obrazovanie.severogorsk.example/nastavnichestvo/"
FORMS = {"ученик – ученик", "учитель – учитель", "студент – ученик", "работодатель – ученик",
         "работодатель – студент"}
KINDS = {"традиционное", "групповое", "флэш", "сетевое", "реверсивное", "виртуальное"}
ELEMENTS = {"адаптация", "обучение", "сопровождение"}
YEARS = (2021, 2022, 2023)
HEADERS = {
    "organizations.csv": "Код;Полное наименование;Краткое наименование;Тип;Обучающихся;Педагогов;Молодых специалистов;Сайт;Куратор;GitHub куратора",
    "programs.csv": "Код;Название;Организация;Форма;Начало;Окончание;Описание",
    "roadmap.csv": "Исполнитель;Номер;Мероприятие;Срок;Ответственный;Ожидаемый результат;Статус;Подтверждение",
    "indicator_targets.csv": "Показатель;Учебный год;Целевое значение",
    "working_group.csv": "ФИО;Роль в группе;Должность;Организация",
    "participants.csv": "Код;Фамилия;Имя;Отчество;Дата рождения;Организация;Роль;Категория;Должность;Форма;Программа;Начало;Окончание;Согласие на публикацию;Дата согласия;Адрес публикации;Согласие отозвано;Телефон;Электронная почта",
    "pairs.csv": "Код;Наставник;Наставляемые;Форма;Программа;Начало;Окончание",
    "survey.csv": "Участник;Учебный год;Удовлетворенность",
}
errors = []


def err(msg):
    errors.append(msg)


def date(s, where):
    if not s:
        return None
    try:
        return dt.datetime.strptime(s, "%d.%m.%Y").date()
    except ValueError:
        err("%s: bad date %r" % (where, s))
        return None


def age_at(b, d):
    return d.year - b.year - ((d.month, d.day) < (b.month, b.day))


def load(name):
    raw = open(os.path.join(ROOT, "data", name), "rb").read()
    if name == "participants.csv":
        if raw.startswith(b"\xef\xbb\xbf"):
            err("participants.csv must not have a BOM")
        text = raw.decode("cp1251")
    else:
        if not raw.startswith(b"\xef\xbb\xbf"):
            err("%s: no UTF-8 BOM" % name)
        text = raw.decode("utf-8-sig")
    inq = False
    for k, c in enumerate(text):
        if c == '"':
            inq = not inq
        elif c == "\n" and not inq and (k == 0 or text[k - 1] != "\r"):
            err("%s: a row not ended by CRLF at offset %d" % (name, k))
            break
    first = text.split("\r\n", 1)[0]
    if first != HEADERS[name]:
        err("%s: header %r" % (name, first))
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


orgs = {r["Код"]: r for r in load("organizations.csv")}
programs = {r["Код"]: r for r in load("programs.csv")}
roadmap = load("roadmap.csv")
targets = load("indicator_targets.csv")
wg = load("working_group.csv")
people = {r["Код"]: r for r in load("participants.csv")}
pairs = load("pairs.csv")
survey = load("survey.csv")

for o in orgs.values():
    if o["Тип"] not in ("ОО", "ДО", "ДОУ", "СПО", "другое"):
        err("org %s: type %s" % (o["Код"], o["Тип"]))
    for c in ("Обучающихся", "Педагогов", "Молодых специалистов"):
        if not o[c].isdigit():
            err("org %s: %s=%r" % (o["Код"], c, o[c]))
for p in programs.values():
    if p["Организация"] not in orgs:
        err("program %s: org %s" % (p["Код"], p["Организация"]))
    if p["Форма"] not in FORMS:
        err("program %s: form %r" % (p["Код"], p["Форма"]))
    date(p["Начало"], p["Код"]), date(p["Окончание"], p["Код"])

# roadmap
order_ids = {f[:-3] for f in os.listdir(os.path.join(ROOT, "content", "orders")) if f.endswith(".md")}
case_paths = set()
for org in os.listdir(os.path.join(ROOT, "content", "cases")):
    for slug in os.listdir(os.path.join(ROOT, "content", "cases", org)):
        case_paths.add("/cases/%s/%s/" % (org, slug))
page_paths = {"/" + f[:-3] + "/" for f in os.listdir(os.path.join(ROOT, "content", "pages"))}
site_paths = {"/", "/orders/", "/roadmap/", "/indicators/", "/cases/", "/organizations/", "/mentors/",
              "/programs/", "/working-group/"} | page_paths | case_paths | {"/orders/%s/" % i for i in order_ids}
for r in roadmap:
    w = "roadmap %s %s" % (r["Исполнитель"], r["Номер"])
    if r["Исполнитель"] not in orgs:
        err(w + ": executor")
    section = "." not in r["Номер"]
    if section and (r["Срок"] or r["Ответственный"] or r["Статус"]):
        err(w + ": section row with deadline/responsible/status")
    if not section and r["Статус"] not in ("выполнено", "в работе", "не начато", "отменено"):
        err(w + ": status %r" % r["Статус"])
    if r["Подтверждение"] and r["Подтверждение"] not in site_paths:
        err(w + ": evidence %s" % r["Подтверждение"])
for r in targets:
    if r["Учебный год"] not in ("2021-2022", "2022-2023", "2023-2024"):
        err("target year %r" % r["Учебный год"])
    float(r["Целевое значение"].replace(",", "."))
for r in wg:
    if r["Организация"] not in orgs or r["Роль в группе"] not in (
            "Руководитель", "Заместитель руководителя", "Секретарь", "Член рабочей группы"):
        err("working group row %r" % r)

# people
names = {}
for pid, p in people.items():
    w = "participant " + pid
    full = " ".join((p["Фамилия"], p["Имя"], p["Отчество"]))
    if full in names:
        err(w + ": duplicate name with " + names[full])
    names[full] = pid
    if p["Организация"] not in orgs:
        err(w + ": org")
    if p["Форма"] not in FORMS:
        err(w + ": form")
    if p["Программа"] and p["Программа"] not in programs:
        err(w + ": program")
    p["_b"] = date(p["Дата рождения"], w)
    p["_s"] = date(p["Начало"], w)
    p["_e"] = date(p["Окончание"], w)
    if p["_e"] and p["_e"] < p["_s"]:
        err(w + ": end before start")
    if p["Роль"] == "наставляемый" and (p["Согласие на публикацию"] or p["Адрес публикации"]):
        err(w + ": mentee with consent columns")
    if p["Согласие отозвано"] and p["Согласие на публикацию"] != "да":
        err(w + ": withdrawn without consent")
    for y in YEARS:
        if p["_s"] <= dt.date(y + 1, 8, 31) and (p["_e"] is None or p["_e"] >= dt.date(y, 9, 1)):
            a = age_at(p["_b"], dt.date(y, 9, 1))
            lim = {"обучающийся": (9, 18), "студент": (15, 22), "молодой специалист": (21, 32)}.get(
                p["Категория"], (24, 66))
            if not lim[0] <= a <= lim[1]:
                err("%s: age %d in %d (%s)" % (w, a, y, p["Категория"]))
for pr in pairs:
    w = "pair " + pr["Код"]
    m = people.get(pr["Наставник"])
    if not m or m["Роль"] != "наставник":
        err(w + ": mentor")
    s, e = date(pr["Начало"], w), date(pr["Окончание"], w)
    prog = programs.get(pr["Программа"])
    if pr["Программа"] and not prog:
        err(w + ": program")
    if prog and s < date(prog["Начало"], w):
        err(w + ": starts before its program")
    for mid in pr["Наставляемые"].split(","):
        me = people.get(mid)
        if not me or me["Роль"] != "наставляемый":
            err(w + ": mentee " + mid)
        elif me["Форма"] != pr["Форма"] or s < me["_s"] or (me["_e"] and (e is None or e > me["_e"])):
            err(w + ": mentee %s dates/form" % mid)
for r in survey:
    p = people.get(r["Участник"])
    if not p or p["Категория"] != "молодой специалист" or not 1 <= int(r["Удовлетворенность"]) <= 10:
        err("survey row %r" % r)

publishable = {n: p for n, p in names.items()
               if people[p]["Роль"] == "наставник" and people[p]["Согласие на публикацию"] == "да"
               and people[p]["Адрес публикации"] == SITE and not people[p]["Согласие отозвано"]}
curators = {o["Куратор"] for o in orgs.values() if o["Куратор"]}
staff = curators | {r["ФИО"] for r in wg}


# content
def front_matter(path):
    text = open(path, encoding="utf-8").read()
    m = re.match(r"---\n(.*?)\n---\n(.*)", text, re.S)
    if not m:
        err(path + ": no front matter")
        return {}, ""
    try:
        import yaml  # optional: only for the check
        return yaml.safe_load(m.group(1)), m.group(2)
    except ImportError:
        return {}, m.group(2)


mentee_names = [n for n, p in names.items() if people[p]["Роль"] == "наставляемый"]
all_text = []
for dirpath, _, files in os.walk(os.path.join(ROOT, "content")):
    for f in files:
        if not f.endswith(".md"):
            continue
        path = os.path.join(dirpath, f)
        fm, body = front_matter(path)
        all_text.append((path, open(path, encoding="utf-8").read()))
        rel = os.path.relpath(path, os.path.join(ROOT, "content"))
        if rel.startswith("orders/"):
            for k in ("type", "number", "date", "issuer", "level", "title", "status"):
                if k not in fm:
                    err(rel + ": missing " + k)
            if fm.get("issuer") not in orgs:
                err(rel + ": issuer")
            for b in fm.get("basis", []) or []:
                if b not in order_ids:
                    err(rel + ": basis " + b)
            for a in fm.get("appendices", []) or []:
                if a["link"].startswith("/") and a["link"] not in site_paths:
                    err(rel + ": appendix link " + a["link"])
        if rel.startswith("cases/"):
            org = rel.split("/")[1]
            if fm.get("organization") != org:
                err(rel + ": organization")
            if fm.get("form") not in FORMS or fm.get("kind") not in KINDS or fm.get("element") not in ELEMENTS:
                err(rel + ": form/kind/element")
            for a in fm.get("authors", []):
                if a not in publishable and a not in staff:
                    err(rel + ": author %s has no consent" % a)
            for a in fm.get("attachments", []) or []:
                fp = os.path.join(dirpath, a["file"])
                if not os.path.isfile(fp) or os.path.getsize(fp) > 5120:
                    err(rel + ": attachment " + a["file"])
            words = len(re.findall(r"\w+", body))
            if not 300 <= words <= 800:
                err(rel + ": %d words" % words)
        for lk in re.findall(r"\]\((/[^)\s]*)\)", body):
            if lk not in site_paths:
                err(rel + ": link " + lk)
        for lk in re.findall(r"\]\(([^)/:\s]+\.md)\)", body):
            if not os.path.isfile(os.path.join(dirpath, lk)):
                err(rel + ": link " + lk)
low = [(p, t.lower().replace("ё", "е")) for p, t in all_text]
for n in mentee_names:
    key = n.lower().replace("ё", "е")
    for p, t in low:
        if key in t:
            err("%s names mentee %s" % (p, n))

# indicators
print("participants %d, mentors %d, publishable mentors %d, pairs %d" % (
    len(people), sum(p["Роль"] == "наставник" for p in people.values()), len(publishable), len(pairs)))
tg = {(r["Показатель"], r["Учебный год"]): r["Целевое значение"] for r in targets}


def active(p, y):
    return p["_s"] <= dt.date(y + 1, 8, 31) and (p["_e"] is None or p["_e"] >= dt.date(y, 9, 1))


schools = [o for o in orgs.values() if o["Тип"] in ("ОО",)]
for y in YEARS:
    ay = "%d-%d" % (y, y + 1)
    ref = dt.date(y, 9, 1)
    act = [p for p in people.values() if active(p, y)]
    den = sum(int(o["Обучающихся"]) for o in schools)
    n1 = sum(1 for p in act if p["Роль"] == "наставляемый" and p["Категория"] == "обучающийся"
             and p["Организация"] in {o["Код"] for o in schools} and 11 <= age_at(p["_b"], ref) <= 18)
    n2 = sum(1 for p in act if p["Роль"] == "наставник" and p["Категория"] == "обучающийся"
             and p["Организация"] in {o["Код"] for o in schools} and 15 <= age_at(p["_b"], ref) <= 18)
    ysd = sum(int(o["Молодых специалистов"]) for o in orgs.values())
    n3 = sum(1 for p in act if p["Категория"] == "молодой специалист")
    eds = [o for o in orgs.values() if o["Тип"] != "другое"]
    n4 = len({p["Организация"] for p in act} & {o["Код"] for o in eds})
    sv = [int(r["Удовлетворенность"]) for r in survey if r["Учебный год"] == ay]
    print("%s: mentees-11-18 %d/%d=%.1f%% (target %s); mentors-15-18 %d/%d=%.1f%% (%s); young %d/%d=%.1f%% (%s); "
          "orgs %d/%d=%.0f%% (%s); satisfaction %.2f n=%d (%s)" % (
              ay, n1, den, 100 * n1 / den, tg.get(("mentees-11-18", ay)), n2, den, 100 * n2 / den,
              tg.get(("mentors-15-18", ay)), n3, ysd, 100 * n3 / ysd, tg.get(("young-teachers", ay)),
              n4, len(eds), 100 * n4 / len(eds), tg.get(("orgs-with-programs", ay)),
              sum(sv) / max(1, len(sv)), len(sv), tg.get(("young-teacher-satisfaction", ay))))
    per = []
    for o in schools:
        k = sum(1 for p in act if p["Организация"] == o["Код"] and p["Роль"] == "наставляемый"
                and p["Категория"] == "обучающийся" and 11 <= age_at(p["_b"], ref) <= 18)
        per.append("%s %.1f" % (o["Код"], 100 * k / int(o["Обучающихся"])))
    print("   per school mentees-11-18:", ", ".join(per))
cats = {}
for p in people.values():
    cats[(p["Роль"], p["Категория"])] = cats.get((p["Роль"], p["Категория"]), 0) + 1
print("   ", cats)
for e in errors:
    print("ERROR:", e)
sys.exit(1 if errors else 0)

"""Roadmap and indicators in the public output of the demo site.

- data/roadmap.json equals the golden file for --today 2023-11-01 (the
  statuses a methodist would read on that day); every deadline object has
  exactly the keys text, parsed, kind, start, end, repeat, until.
- roadmap.ics is parsed back: CRLF only, no line over 75 octets, folding
  undone, every VEVENT with UID/DTSTAMP/DTSTART/DTEND/SUMMARY, all-day dates,
  unique UIDs, RRULE matching the deadline's rhythm and UNTIL.
- data/indicators.json has every indicator and year with target, value,
  numerator, denominator, achieved, per-organization values, and each value
  re-computed from its numerator and denominator with the stated rounding.
- `nastavnik deadline` prints exactly those keys; exit 0 unparsed, 2 misuse.
Set UPDATE_GOLDEN=1 to rewrite the golden JSON (then read the diff).
"""
import html as html_lib
import json
import os
import re
from decimal import Decimal, ROUND_HALF_UP
from pathlib import Path

from common import ROOT, Failures, build, run, tempdir

GOLDEN = ROOT / "tests" / "fixtures" / "roadmap" / "demo-roadmap-2023-11-01.json"
DEADLINE_KEYS = ["text", "parsed", "kind", "start", "end", "repeat", "until"]
FREQ = {"monthly": ("MONTHLY", 1), "quarterly": ("MONTHLY", 3), "semiannual": ("MONTHLY", 6),
        "yearly": ("YEARLY", 1), "biennial": ("YEARLY", 2)}

f = Failures()
checks = 0


def check(cond, msg):
    global checks
    checks += 1
    return f.check(cond, msg)


def ics_date(iso):
    return iso.replace("-", "")


out = tempdir()
r = build(ROOT, out)
check(r.returncode == 0, f"demo build failed: {r.stderr[-2000:]}")
pub = out / "public"

# --- data/roadmap.json --------------------------------------------------------
roadmap_bytes = (pub / "data" / "roadmap.json").read_bytes()
roadmap = json.loads(roadmap_bytes)
if os.environ.get("UPDATE_GOLDEN"):
    GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    GOLDEN.write_bytes(roadmap_bytes)
check(GOLDEN.exists() and roadmap_bytes == GOLDEN.read_bytes(),
      f"data/roadmap.json differs from {GOLDEN.relative_to(ROOT)} (UPDATE_GOLDEN=1 to refresh, then read the diff)")
check(roadmap["today"] == "2023-11-01", "roadmap.json: today")
rows = [(m["issuer"], row) for m in roadmap["roadmaps"] for row in m["rows"]]
check(len(rows) == 40, f"roadmap.json: {len(rows)} rows, the demo registry has 40")
for issuer, row in rows:
    check(list(row["deadline"].keys()) == DEADLINE_KEYS, f"{issuer} {row['number']}: deadline keys {list(row['deadline'])}")
    if not row["section"]:
        check(row["deadline"]["parsed"], f"{issuer} {row['number']}: demo deadline «{row['deadline']['text']}» not parsed")
states = {(i, row["number"]): row["state"] for i, row in rows}
# Hand-checked states on 1 November 2023.
for key, want in {("uo", "1.1"): "done", ("uo", "3.1"): "overdue", ("uo", "3.6"): "cancelled",
                  ("uo", "3.7"): "in_progress", ("uo", "4.4"): "upcoming", ("uo", "4.5"): "upcoming",
                  ("uo", "2.7"): "in_progress", ("sch-3", "2.2"): "overdue", ("sch-3", "3.2"): "upcoming",
                  ("uo", "1"): None}.items():
    check(states.get(key) == want, f"state of {key}: {states.get(key)}, want {want}")

# --- roadmap.ics ----------------------------------------------------------------
raw = (pub / "roadmap.ics").read_bytes()
check(raw.endswith(b"\r\n"), "ics: last line must end with CRLF")
check(b"\n" not in raw.replace(b"\r\n", b""), "ics: bare LF")
physical = raw.split(b"\r\n")[:-1]
check(all(len(l) <= 75 for l in physical), "ics: a line is longer than 75 octets")
for l in physical:
    try:
        l.decode("utf-8")
    except UnicodeDecodeError:
        check(False, f"ics: a folded line splits a UTF-8 character: {l!r}")
lines = []
for l in physical:
    l = l.decode("utf-8")
    if l.startswith(" "):
        lines[-1] += l[1:]
    else:
        lines.append(l)
check(lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR", "ics: not one VCALENDAR")
check("VERSION:2.0" in lines and any(l.startswith("PRODID:") for l in lines), "ics: VERSION/PRODID")
events, cur = [], None
for l in lines:
    if l == "BEGIN:VEVENT":
        cur = {}
    elif l == "END:VEVENT":
        events.append(cur)
        cur = None
    elif cur is not None:
        name, _, value = l.partition(":")
        check(name not in cur, f"ics: {name} twice in one event")
        cur[name] = value
check(len(events) >= 30, f"ics: only {len(events)} events")
uids = [e.get("UID") for e in events]
check(len(set(uids)) == len(uids), "ics: UIDs are not unique")
by_uid = {}
for e in events:
    for prop in ("UID", "DTSTAMP", "DTSTART;VALUE=DATE", "DTEND;VALUE=DATE", "SUMMARY"):
        check(prop in e, f"ics: event {e.get('UID')} lacks {prop}")
    check(e.get("DTSTAMP") == "20231101T000000Z", f"ics: DTSTAMP {e.get('DTSTAMP')} is not the build epoch")
    check(re.fullmatch(r"\d{8}", e.get("DTSTART;VALUE=DATE", "")) is not None, "ics: DTSTART not a DATE")
    check(e.get("DTEND;VALUE=DATE", "") > e.get("DTSTART;VALUE=DATE", ""), f"ics: {e.get('UID')} ends before it starts")
    check(re.search(r"(?<!\\)[;,]", e.get("SUMMARY", "")) is None, f"ics: unescaped ; or , in SUMMARY of {e.get('UID')}")
    by_uid[e["UID"].split("@")[0]] = e
# Each recurring deadline is one event with the matching RRULE.
for issuer, row in rows:
    d = row["deadline"]
    e = by_uid.get(f"roadmap-{issuer}-{row['number']}")
    if row["section"] or d["kind"] == "unspecified":
        check(e is None, f"ics: {issuer} {row['number']} has no date, yet has an event")
        continue
    if not check(e is not None, f"ics: no event for {issuer} {row['number']}"):
        continue
    first = d["end"] if d["kind"] == "before" else d["start"]
    check(e["DTSTART;VALUE=DATE"] == ics_date(first), f"ics: {issuer} {row['number']} DTSTART {e['DTSTART;VALUE=DATE']} != {first}")
    if d["kind"] == "recurring" and d["repeat"] != "none":
        freq, interval = FREQ[d["repeat"]]
        rule = dict(p.split("=") for p in e.get("RRULE", "").split(";") if "=" in p)
        check(rule.get("FREQ") == freq and int(rule.get("INTERVAL", "1")) == interval,
              f"ics: {issuer} {row['number']} RRULE {e.get('RRULE')} for {d['repeat']}")
        check(rule.get("UNTIL") == ics_date(d["until"]), f"ics: {issuer} {row['number']} UNTIL {rule.get('UNTIL')} != {d['until']}")
    else:
        check("RRULE" not in e, f"ics: {issuer} {row['number']} has an RRULE but does not repeat")
check(by_uid["roadmap-uo-3.6"].get("STATUS") == "CANCELLED", "ics: a cancelled item is not CANCELLED")

# --- data/indicators.json -------------------------------------------------------
ind = json.loads((pub / "data" / "indicators.json").read_text(encoding="utf-8"))
ids = [i["id"] for i in ind["indicators"]]
check(ids == ["mentees-11-18", "mentors-15-18", "young-teachers", "orgs-with-programs", "young-teacher-satisfaction"],
      f"indicators.json ids: {ids}")
value_keys = ["value", "numerator", "denominator", "achieved"]
for i in ind["indicators"]:
    check([y["academic_year"] for y in i["years"]] == ["2021-2022", "2022-2023", "2023-2024"], f"{i['id']}: years")
    scale = Decimal(100) if i["unit"] == "%" else Decimal(1)
    for y in i["years"]:
        check(list(y.keys()) == ["academic_year", "target", *value_keys, "organizations"], f"{i['id']} keys {list(y)}")
        check(y["target"] is not None, f"{i['id']} {y['academic_year']}: no target")
        for v in [y, *y["organizations"]]:
            if v["denominator"] == 0:
                check(v["value"] is None and v["achieved"] is None, f"{i['id']}: zero denominator must be null")
                continue
            want = (Decimal(str(v["numerator"])) * scale / Decimal(str(v["denominator"]))).quantize(Decimal("0.1"), ROUND_HALF_UP)
            check(Decimal(str(v["value"])) == want, f"{i['id']} {y['academic_year']}: value {v['value']} != {want}")
            if y["target"] is not None and v["achieved"] is not None:
                check(v["achieved"] == (Decimal(str(v["value"])) >= Decimal(str(y["target"]))), f"{i['id']}: achieved")
        check(sum(o["numerator"] for o in y["organizations"]) == y["numerator"], f"{i['id']}: municipal numerator is not the sum")
# Hand-computed from data/organizations.csv: students of ОО and ДО = 290+384+221+176+262+52+612.
m = ind["indicators"][0]["years"][0]
check(m["denominator"] == 1997, f"mentees-11-18 denominator {m['denominator']}")
orgs = ind["indicators"][3]["years"][0]
check((orgs["numerator"], orgs["denominator"], orgs["value"]) == (8, 9, 88.9),
      f"orgs-with-programs 2021-2022: dou-14's program starts in 2022 → 8 of 9, got {orgs}")

# --- pages ------------------------------------------------------------------------
for page in ["roadmap/index.html", "roadmap/sch-3/index.html", "indicators/index.html",
             "indicators/mentees-11-18/index.html"]:
    p = pub / page
    if not check(p.exists(), f"missing {page}"):
        continue
    html = p.read_text(encoding="utf-8")
    check('role="img"' in html and "<title id=" in html and "<desc id=" in html, f"{page}: chart without role/title/desc")
    check("<script" not in html.split("</head>")[1], f"{page}: a script in the body")
    check("<caption" in html and 'scope="col"' in html, f"{page}: table without caption or header cells")
html = (pub / "roadmap" / "index.html").read_text(encoding="utf-8")
check("просрочено" in html and "Сентябрь-октябрь 2021 г." in html and "01.09.2021 – 31.10.2021" in html,
      "roadmap page: badge text or the period beside the wording is missing")

order = html_lib.unescape((pub / "orders" / "uo-prikaz-131-2021" / "index.html").read_text(encoding="utf-8"))
check("В дорожной карте" in order and "roadmap/index.html#p-1-2" in order, "order page does not list the roadmap item citing it")

# --- nastavnik deadline --------------------------------------------------------------
r = run(["deadline", "--period", "2021-09-01..2024-08-31", "не позднее 1 декабря"])
check(r.returncode == 0, f"deadline: exit {r.returncode}")
d = json.loads(r.stdout)
check(list(d.keys()) == DEADLINE_KEYS, f"deadline keys {list(d)}")
check(d == {"text": "не позднее 1 декабря", "parsed": True, "kind": "before", "start": None, "end": "2021-12-01",
            "repeat": "none", "until": None}, f"deadline: {d}")
r = run(["deadline", "когда-нибудь потом"])
check(r.returncode == 0 and json.loads(r.stdout)["parsed"] is False, "deadline: unparsed must exit 0 with parsed false")
check(json.loads(r.stdout)["kind"] == "unspecified" and json.loads(r.stdout)["start"] is None, "deadline: unparsed guessed")
for bad in [["deadline"], ["deadline", "a", "b"], ["deadline", "--period", "2021-09-01", "сентябрь"],
            ["deadline", "--period", "2024-01-01..2021-01-01", "сентябрь"], ["deadline", "--perio", "x", "y"]]:
    r = run(bad)
    check(r.returncode == 2 and r.stdout == "" and "nastavnik:" in r.stderr, f"{bad}: exit {r.returncode}, want 2 with a message")

f.finish(checks)

#!/usr/bin/env python3
"""Writes a synthetic participants registry of N rows (default 100 000) into a
copy of a site, for measuring the privacy guard on a large municipality.

Rows are recombined from the site's own data/participants.csv (Windows-1251):
names, patronymics and surnames are shuffled deterministically, birth dates,
phones and e-mails made unique, so every row is a distinct person. Pairs and
survey files are removed (they reference the original ids).

Usage: python3 tests/tools/make_big_registry.py SITE_COPY [N]
"""
import csv
import io
import os
import random
import sys

site = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
path = os.path.join(site, "data", "participants.csv")
with open(path, encoding="cp1251", newline="") as f:
    rows = list(csv.reader(f, delimiter=";"))
header, body = rows[0], rows[1:]
rnd = random.Random(4)
surnames = sorted({r[1] for r in body})
names = sorted({r[2] for r in body})
patronymics = sorted({r[3] for r in body if r[3]})
out = io.StringIO()
w = csv.writer(out, delimiter=";", lineterminator="\r\n")
w.writerow(header)
for i in range(n):
    r = list(body[i % len(body)])
    r[0] = f"q{i:06d}"
    r[1], r[2], r[3] = rnd.choice(surnames), rnd.choice(names), rnd.choice(patronymics)
    year = 1960 + i % 55
    r[4] = f"{1 + i % 28:02d}.{1 + (i // 28) % 12:02d}.{year}"
    r[17] = f"+7 9{i // 10000 % 100:02d} {i % 10000 // 100:03d}-{i % 100:02d}-{rnd.randrange(100):02d}"
    r[18] = f"user{i}@mail.example"
    w.writerow(r)
with open(path, "w", encoding="cp1251", newline="") as f:
    f.write(out.getvalue())
for extra in ("pairs.csv", "survey.csv"):
    p = os.path.join(site, "data", extra)
    if os.path.exists(p):
        os.remove(p)
print(f"{path}: {n} rows")

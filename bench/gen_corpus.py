#!/usr/bin/env python3
"""Deterministic benchmark corpus: one site for nastavnik and the same content for Hugo.

    python3 bench/gen_corpus.py N OUT_DIR [--hugo] [--rows R] [--distinct-names]

writes OUT_DIR/site/ (a nastavnik site: site.yaml, N cases of 4-6 KB Russian
Markdown each with a GFM table, ~~strike~~, bare URLs and www. links; N/50
organizations; 20*N participants rows) and, with --hugo, OUT_DIR/hugo/ with
the same case bodies, front matter converted for Hugo and a minimal
equivalent theme (case pages, a paginated list, taxonomy pages for form and
tags, a home page). Both paginate case lists by 20 (Hugo's `paginate`,
nastavnik's `cases_per_page`, whose default is 12). --rows sets the participants rows (tests use few);
--distinct-names gives every participant a surname of its own (the privacy
guard's worst case for memory). The same arguments always give the same bytes.
"""
import random
import sys
from pathlib import Path

# Bumped whenever the same arguments start giving different bytes, so that
# bench/run.py regenerates a corpus an older generator left behind.
CORPUS_VERSION = 2

FORMS = ["ученик – ученик", "учитель – учитель", "студент – ученик", "работодатель – ученик",
         "работодатель – студент"]
KINDS = ["традиционное", "групповое", "флэш", "сетевое", "реверсивное", "виртуальное"]
ELEMENTS = ["адаптация", "обучение", "сопровождение"]
TAGS = ["профориентация", "адаптация", "цифровая среда", "проектная деятельность", "олимпиады",
        "молодой педагог", "инженерное образование", "чтение", "экология", "волонтерство",
        "робототехника", "музей", "спорт", "театр", "краеведение"]
WORDS = ("наставник наставляемый программа школа учитель ученик занятие встреча проект результат "
         "методист педагог класс группа практика опыт задача план неделя месяц отчет конкурс "
         "олимпиада урок предмет родители колледж предприятие мастерская лаборатория кружок "
         "исследование презентация портфолио дневник рефлексия анкета мониторинг показатель").split()
SURNAMES = ["Иванова", "Петров", "Смирнова", "Кузнецов", "Соколова", "Попов", "Лебедева", "Козлов",
            "Новикова", "Морозов", "Волкова", "Соловьев", "Васильева", "Зайцев", "Павлова"]
NAMES = ["Анна", "Игорь", "Мария", "Олег", "Елена", "Сергей", "Ольга", "Денис", "Ирина", "Павел"]
PATRONYMICS = ["Ивановна", "Петрович", "Сергеевна", "Олегович", "Андреевна", "Викторович"]
# Case authors are adult mentors not listed among the registry's mentees
# (nastavnik refuses a mentee as an author), so their names come from
# another list.
AUTHORS = ["Александрова Татьяна Борисовна", "Григорьев Максим Ильич", "Дмитриева Светлана Юрьевна",
           "Ершов Константин Львович", "Жукова Людмила Аркадьевна", "Тимофеев Роман Глебович"]


SYLLABLES = ["ба", "ве", "го", "ду", "жи", "зо", "ка", "ле", "ми", "но", "пу", "ро", "са", "ти", "фу", "ше"]


def distinct_surname(k):
    """A surname of its own for row k: k's digits in base 16 as syllables."""
    stem = ""
    while True:
        stem += SYLLABLES[k % 16]
        k //= 16
        if k == 0:
            break
    return stem.capitalize() + "ов"


def sentence(rng, words=None):
    n = words or rng.randint(8, 16)
    s = " ".join(rng.choice(WORDS) for _ in range(n))
    return s[0].upper() + s[1:] + "."


def paragraph(rng, i):
    parts = [sentence(rng) for _ in range(rng.randint(3, 6))]
    # The inline extensions (strikethrough, autolink) that make cmark-gfm
    # edit its process-wide tables: present in every body.
    parts.insert(1, f"Было ~~{rng.choice(WORDS)}~~, стало {rng.choice(WORDS)}.")
    if i % 2 == 0:
        parts.append(f"Подробнее: https://school{rng.randint(1, 99)}.example.ru/news/{rng.randint(1, 999)} "
                     f"и www.obr{rng.randint(1, 50)}.example.ru.")
    return " ".join(parts)


def case_body(rng):
    out = []
    size = rng.randint(4000, 6000)
    sections = ["Контекст", "Цель", "Что сделали", "Результаты", "Трудности", "Что дальше"]
    i = 0
    while sum(len(x.encode()) for x in out) < size:
        if i < len(sections):
            out.append(f"## {sections[i]}\n")
        if i == 2:
            out.append("| Этап | Срок | Участники |\n|---|---|---|")
            for k in range(rng.randint(3, 6)):
                out.append(f"| {sentence(rng, 3)} | {rng.randint(1, 28)}.{rng.randint(1, 12):02d}.2023 "
                           f"| {rng.randint(2, 30)} |")
            out.append("")
        out.append(paragraph(rng, i) + "\n")
        i += 1
    return "\n".join(out)


def write(path, text, encoding="utf-8"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding=encoding)


def generate(n, root, hugo, participant_rows=None, distinct_names=False):
    rng = random.Random(20231101 + n)
    site = root / "site"
    orgs = [f"org-{k:04d}" for k in range(max(1, n // 50))]
    write(site / "site.yaml", """title: Наставничество
description: Синтетический сайт для замера скорости
municipality: Тестовый округ
department: Управление образования Тестового округа
issuer: uo
base_url: https://example.test/nastavnichestvo/
program_period:
  start: 01.09.2021
  end: 31.08.2024
menu:
  - {title: Главная, link: /}
  - {title: Практики, link: /cases/}
cases_per_page: 20
""")
    write(site / "content" / "_index.md", "---\ntitle: Наставничество\n---\n\nСинтетический раздел.\n")
    rows = ["Код;Полное наименование;Краткое наименование;Тип;Обучающихся;Педагогов;Молодых специалистов;"
            "Сайт;Куратор;GitHub куратора",
            "uo;Управление образования Тестового округа;УО;другое;0;0;0;https://uo.example.test/;;"]
    for k, o in enumerate(orgs):
        rows.append(f"{o};Муниципальное общеобразовательное учреждение «Школа № {k + 1}»;Школа № {k + 1};ОО;"
                    f"{rng.randint(100, 1500)};{rng.randint(10, 90)};{rng.randint(0, 9)};"
                    f"https://{o}.example.test/;;")
    write(site / "data" / "organizations.csv", "\n".join(rows) + "\n")
    header = ("Код;Фамилия;Имя;Отчество;Дата рождения;Организация;Роль;Категория;Должность;Форма;Программа;"
              "Начало;Окончание;Согласие на публикацию;Дата согласия;Адрес публикации;Согласие отозвано;"
              "Телефон;Электронная почта")
    with open(site / "data" / "participants.csv", "w", encoding="utf-8") as f:
        f.write(header + "\n")
        for k in range(20 * n if participant_rows is None else participant_rows):
            mentor = k % 3 == 0
            surname = rng.choice(SURNAMES)
            if distinct_names:
                surname = distinct_surname(k)
            f.write(f"p{k:07d};{surname};{rng.choice(NAMES)};{rng.choice(PATRONYMICS)};"
                    f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(1965, 2012)};"
                    f"{orgs[k % len(orgs)]};{'наставник' if mentor else 'наставляемый'};"
                    f"{'педагог' if mentor else 'обучающийся'};;{rng.choice(FORMS)};;"
                    f"{rng.randint(1, 28):02d}.09.2022;;нет;;;;;\n")
    for k in range(n):
        org = orgs[k % len(orgs)]
        slug = f"praktika-{k:06d}"
        tags = sorted(set(rng.sample(TAGS, rng.randint(1, 4))))
        form = rng.choice(FORMS)
        day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.choice([2022, 2023])
        title = f"Практика {k + 1}: {sentence(rng, 4)[:-1]}"
        summary = sentence(rng, 20)
        body = case_body(rng)
        fm_common = (f"title: \"{title}\"\n"
                     f"tags: [{', '.join(tags)}]\nsummary: \"{summary}\"\n")
        write(site / "content" / "cases" / org / slug / "index.md",
              f"---\n{fm_common}organization: {org}\ndate: {day:02d}.{month:02d}.{year}\n"
              f"authors: [{rng.choice(AUTHORS)}]\n"
              f"form: {form}\nkind: {rng.choice(KINDS)}\nelement: {rng.choice(ELEMENTS)}\n"
              f"academic_year: 2022-2023\n---\n\n{body}")
        if hugo:
            write(root / "hugo" / "content" / "cases" / org / slug / "index.md",
                  f"---\n{fm_common}date: {year}-{month:02d}-{day:02d}\nforms: [\"{form}\"]\n"
                  f"organization: {org}\n---\n\n{body}")
    if hugo:
        write_hugo_theme(root / "hugo")


def write_hugo_theme(h):
    write(h / "config.yaml", """baseURL: https://example.test/nastavnichestvo/
languageCode: ru
title: Наставничество
paginate: 20
disableKinds: [RSS, sitemap, robotsTXT]
taxonomies:
  tag: tags
  form: forms
markup:
  goldmark:
    renderer:
      unsafe: false
""")
    write(h / "content" / "_index.md", "---\ntitle: Наставничество\n---\n\nСинтетический раздел.\n")
    write(h / "content" / "cases" / "_index.md", "---\ntitle: Практики наставничества\n---\n")
    head = ('<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>{{ .Title }}</title>'
            '<meta name="viewport" content="width=device-width, initial-scale=1"></head><body>'
            '<header><a href="{{ .Site.BaseURL }}">{{ .Site.Title }}</a></header><main>')
    foot = "</main><footer>Управление образования</footer></body></html>\n"
    write(h / "layouts" / "_default" / "single.html",
          head + "<h1>{{ .Title }}</h1><p>{{ .Params.summary }}</p>"
          "<p>{{ range .Params.forms }}{{ . }}{{ end }} {{ range .Params.tags }}<a href=\"{{ \"tags/\" | relURL }}{{ . | urlize }}/\">{{ . }}</a> {{ end }}</p>"
          "{{ .Content }}" + foot)
    write(h / "layouts" / "_default" / "list.html",
          head + "<h1>{{ .Title }}</h1><ul>{{ range (.Paginate .Pages).Pages }}"
          "<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a><p>{{ .Params.summary }}</p></li>{{ end }}</ul>"
          "{{ with .Paginator }}{{ if .HasNext }}<a href=\"{{ .Next.URL }}\">Дальше</a>{{ end }}{{ end }}" + foot)
    write(h / "layouts" / "_default" / "terms.html",
          head + "<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}"
          "<li><a href=\"{{ .Page.RelPermalink }}\">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>" + foot)
    write(h / "layouts" / "index.html",
          head + "<h1>{{ .Site.Title }}</h1>{{ .Content }}<ul>{{ range first 6 (where .Site.RegularPages \"Section\" \"cases\") }}"
          "<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>" + foot)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    rest = sys.argv[3:]
    rows = int(rest[rest.index("--rows") + 1]) if "--rows" in rest else None
    generate(int(sys.argv[1]), Path(sys.argv[2]), "--hugo" in rest, rows, "--distinct-names" in rest)
    (Path(sys.argv[2]) / "corpus-version").write_text(f"{CORPUS_VERSION}\n")

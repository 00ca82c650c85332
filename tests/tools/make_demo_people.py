#!/usr/bin/env python3
"""Generate the demo people registries of the fictional Северогорский городской округ.

Writes, deterministically (fixed seed, Python 3 standard library only):
  data/participants.csv  -- Windows-1251, CRLF, no BOM (as Excel saves «CSV (разделители — точка с запятой)»)
  data/pairs.csv         -- UTF-8 with BOM, CRLF (as Excel saves «CSV UTF-8»)
  data/survey.csv        -- UTF-8 with BOM, CRLF

Reads data/organizations.csv and data/programs.csv (UTF-8 with BOM) so that every
organization and program id it writes exists there.

Every person is fictional. Mentees are never published; mentors only with consent.
The case authors used in content/cases/ are fixed below (ANCHORS) and always get
consent for the section's address.

Usage:  python3 tests/tools/make_demo_people.py [REPO_ROOT]
"""
import csv
import datetime as dt
import io
import os
import random
import sys

SEED = 20210901
SITE = "https://obrazovanie.severogorsk.example/nastavnichestvo/"
OTHER_SITE = "https://sch3.severogorsk.example/"
YEARS = (2021, 2022, 2023)  # academic years 2021-2022 … 2023-2024 (start year)
PROGRAM_END = dt.date(2024, 8, 31)

UU = "учитель – учитель"
YY = "ученик – ученик"
SY = "студент – ученик"
RY = "работодатель – ученик"
RS = "работодатель – студент"

# --- names -----------------------------------------------------------------
SURNAMES = """Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Федоров
Морозов Волков Алексеев Лебедев Семенов Егоров Павлов Козлов Степанов Николаев Орехов
Андреев Макаров Никитин Захаров Зайцев Соловьев Борисов Яковлев Григорьев Романов
Воробьев Сергеев Кузьмин Фролов Александров Дмитриев Королев Киселев Ильин Максимов
Поляков Сорокин Виноградов Медведев Антонов Жуков Баранов Филиппов Комаров Давыдов
Беляев Герасимов Богданов Осипов Сидоров Матвеев Титов Марков Миронов Крылов Куликов
Карпов Власов Мельников Денисов Гаврилов Тихонов Казаков Афанасьев Данилов Савельев
Тимофеев Чернов Абрамов Мартынов Ефимов Федотов Щербаков Калинин Исаев Быков Маслов
Родионов Лазарев Воронин Филатов Пономарев Голубев Кудрявцев Прохоров Наумов Потапов
Журавлев Овчинников Трофимов Леонов Ермаков Колесников Емельянов Никифоров Грачев Котов
Широков Блинов Субботин Некрасов Лукин Панов Рыбаков Суханов Широков Юдин Голованов
Бычков Дорофеев Евдокимов Зиновьев Игнатьев Корнилов Лапин Мишин Носков Одинцов
Рогов Селиверстов Тетерин Устинов Хохлов Цветков Шаров Ширяев Щукин Ярцев Вишняков""".split()
SURNAMES = sorted(set(SURNAMES))

MALE = """Александр Алексей Андрей Антон Артем Богдан Вадим Валерий Виктор Владимир
Владислав Всеволод Георгий Глеб Григорий Даниил Денис Дмитрий Евгений Егор Иван Игорь
Илья Кирилл Константин Лев Леонид Максим Марк Матвей Михаил Никита Николай Олег Павел
Роман Руслан Семен Сергей Степан Тимофей Федор Юрий Ярослав""".split()
FEMALE = """Алена Алина Анастасия Ангелина Анна Валентина Валерия Варвара Вера Вероника
Виктория Галина Дарья Диана Ева Евгения Екатерина Елена Елизавета Жанна Зоя Ирина Кира
Ксения Лариса Любовь Людмила Маргарита Марина Мария Милана Надежда Наталья Нина Оксана
Ольга Полина Светлана София Таисия Татьяна Ульяна Юлия Яна""".split()
# father's name -> (male patronymic, female patronymic)
PATRONYMICS = {
    "Александр": ("Александрович", "Александровна"), "Алексей": ("Алексеевич", "Алексеевна"),
    "Андрей": ("Андреевич", "Андреевна"), "Анатолий": ("Анатольевич", "Анатольевна"),
    "Борис": ("Борисович", "Борисовна"), "Валерий": ("Валерьевич", "Валерьевна"),
    "Василий": ("Васильевич", "Васильевна"), "Виктор": ("Викторович", "Викторовна"),
    "Владимир": ("Владимирович", "Владимировна"), "Вячеслав": ("Вячеславович", "Вячеславовна"),
    "Геннадий": ("Геннадьевич", "Геннадьевна"), "Дмитрий": ("Дмитриевич", "Дмитриевна"),
    "Евгений": ("Евгеньевич", "Евгеньевна"), "Иван": ("Иванович", "Ивановна"),
    "Игорь": ("Игоревич", "Игоревна"), "Илья": ("Ильич", "Ильинична"),
    "Константин": ("Константинович", "Константиновна"), "Максим": ("Максимович", "Максимовна"),
    "Михаил": ("Михайлович", "Михайловна"), "Никита": ("Никитич", "Никитична"),
    "Николай": ("Николаевич", "Николаевна"), "Олег": ("Олегович", "Олеговна"),
    "Павел": ("Павлович", "Павловна"), "Петр": ("Петрович", "Петровна"),
    "Роман": ("Романович", "Романовна"), "Сергей": ("Сергеевич", "Сергеевна"),
    "Степан": ("Степанович", "Степановна"), "Юрий": ("Юрьевич", "Юрьевна"),
    "Ярослав": ("Ярославович", "Ярославовна"), "Денис": ("Денисович", "Денисовна"),
    "Артем": ("Артемович", "Артемовна"), "Кирилл": ("Кириллович", "Кирилловна"),
}
FATHERS = sorted(PATRONYMICS)


def female_surname(s):
    for end in ("ов", "ев", "ин", "ын"):
        if s.endswith(end):
            return s + "а"
    return s


TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o",
                     "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e",
                     "yu", "ya"]))


def translit(s):
    return "".join(TRANSLIT.get(c, c) for c in s.lower())


# --- the fixed people used as case authors (all adult mentors with consent) ---
# (id, surname, name, patronymic, sex, birth, org, category, position, form, program, first year)
ANCHORS = [
    ("p0001", "Белова", "Ирина", "Сергеевна", "f", "14.03.1976", "sch-3", "педагог",
     "учитель математики", UU, "sch3-start", 2021),
    ("p0002", "Орлов", "Андрей", "Викторович", "m", "02.11.1981", "gym-1", "педагог",
     "учитель математики", UU, "gym1-pedagog", 2021),
    ("p0003", "Лаптев", "Виктор", "Николаевич", "m", "27.06.1969", "kolledzh", "представитель работодателя",
     "мастер механосборочного участка АО «Северогорский механический завод»", RS, "kol-proizvodstvo", 2021),
    ("p0004", "Соболева", "Наталья", "Игоревна", "f", "09.01.1985", "sch-5", "представитель работодателя",
     "инженер-энергетик ООО «Северогорская теплосетевая компания»", RY, "sch5-profi", 2021),
    ("p0005", "Климова", "Елена", "Александровна", "f", "21.08.1979", "sch-12", "педагог",
     "учитель информатики", UU, "sch12-pedagog", 2021),
    ("p0006", "Тарасова", "Ольга", "Михайловна", "f", "05.12.1971", "dou-5", "педагог",
     "старший воспитатель", UU, "dou5-pedagog", 2021),
    ("p0007", "Гусев", "Павел", "Андреевич", "m", "18.04.1983", "ddt", "педагог",
     "педагог дополнительного образования", UU, "ddt-pdo", 2021),
    ("p0008", "Фомина", "Светлана", "Викторовна", "f", "30.09.1974", "sch-16", "педагог",
     "учитель начальных классов", UU, "sch16-pedagog", 2021),
    ("p0009", "Назарова", "Татьяна", "Олеговна", "f", "11.02.1980", "sch-7", "педагог",
     "учитель русского языка и литературы", UU, "sch7-pedagog", 2021),
    ("p0010", "Щербакова", "Анна", "Юрьевна", "f", "23.07.1987", "sch-3", "педагог",
     "учитель английского языка", UU, "sch3-start", 2022),
]
# Names of staff in the other registries and pages: never reused for generated people.
RESERVED = {
    "Лыткина Алла Борисовна", "Сазонова Вера Ильинична", "Рябова Марина Анатольевна",
    "Логинова Екатерина Павловна", "Пестов Игорь Валентинович", "Кондратьева Юлия Сергеевна",
    "Шилов Денис Олегович", "Гордеева Валентина Николаевна", "Воронцова Ирина Геннадьевна",
    "Крюкова Анастасия Викторовна", "Зуева Лариса Петровна", "Мухин Роман Евгеньевич",
    "Ветрова Галина Николаевна", "Дёмина Оксана Валерьевна", "Демина Оксана Валерьевна",
    "Самойлова Елена Владимировна", "Мезенцев Николай Петрович", "Полозова Светлана Анатольевна",
    "Верещагин Алексей Николаевич",
}

# --- per-organization plan ----------------------------------------------------
# share of pupils (of the organization's «Обучающихся») who should be active mentees
# in each academic year, before carry-over; tuned so that some organizations reach
# the targets and some do not.
MENTEE_SHARE = {
    "gym-1": (0.11, 0.13, 0.15), "sch-3": (0.12, 0.14, 0.16), "sch-5": (0.08, 0.11, 0.15),
    "sch-7": (0.10, 0.13, 0.15), "sch-12": (0.07, 0.10, 0.13), "sch-16": (0.05, 0.09, 0.14),
    "ddt": (0.015, 0.02, 0.025),
}
# share of young specialists (column «Молодых специалистов») active as mentees
YS_SHARE = (0.6, 0.8, 1.0)
SCHOOL_FORMS = {  # form weights for new pupil-mentee groups
    "gym-1": {YY: 6, SY: 2, RY: 1}, "sch-3": {YY: 6, SY: 2, RY: 2},
    "sch-5": {YY: 2, SY: 2, RY: 5}, "sch-7": {YY: 6, SY: 1, RY: 2},
    "sch-12": {YY: 4, SY: 4, RY: 2}, "sch-16": {YY: 5, RY: 1}, "ddt": {YY: 1},
}
MAX_PUPIL_AGE = {"sch-16": 15}
OWN_PROGRAM = {  # (org, form) -> program
    ("gym-1", YY): "gym1-olimp", ("sch-3", YY): "sch3-ravnyy", ("sch-5", RY): "sch5-profi",
    ("sch-7", YY): "sch7-vmeste", ("sch-12", YY): "sch12-lider", ("sch-16", YY): "sch16-vmeste",
    ("ddt", YY): "ddt-tvorchestvo", ("kolledzh", RS): "kol-proizvodstvo",
    ("gym-1", UU): "gym1-pedagog", ("sch-3", UU): "sch3-start", ("sch-5", UU): "sch5-pedagog",
    ("sch-7", UU): "sch7-pedagog", ("sch-12", UU): "sch12-pedagog", ("sch-16", UU): "sch16-pedagog",
    ("dou-5", UU): "dou5-pedagog", ("dou-14", UU): "dou14-pedagog", ("ddt", UU): "ddt-pdo",
    ("kolledzh", UU): "kol-prepod",
}
SUBJECTS = ["учитель математики", "учитель русского языка и литературы", "учитель английского языка",
            "учитель истории и обществознания", "учитель биологии", "учитель химии",
            "учитель физики", "учитель информатики", "учитель начальных классов",
            "учитель физической культуры", "учитель географии", "педагог-психолог",
            "учитель музыки", "учитель технологии", "социальный педагог"]
POSITIONS = {
    "dou-5": ["воспитатель", "музыкальный руководитель", "учитель-логопед", "инструктор по физической культуре"],
    "dou-14": ["воспитатель", "учитель-логопед", "педагог-психолог", "музыкальный руководитель"],
    "ddt": ["педагог дополнительного образования", "педагог-организатор", "методист"],
    "kolledzh": ["преподаватель", "мастер производственного обучения", "преподаватель специальных дисциплин"],
}
EMPLOYERS = {
    RY: ["инженер-электрик ПАО «Северогорскэнерго»", "технолог ООО «Северогорский хлебокомбинат»",
         "программист ООО «Северные цифровые системы»", "фельдшер ГБУЗ «Северогорская городская больница»",
         "инженер-конструктор АО «Северогорский механический завод»",
         "мастер участка МУП «Северогорский водоканал»", "инженер-энергетик ООО «Северогорская теплосетевая компания»"],
    RS: ["инженер-технолог АО «Северогорский механический завод»", "мастер участка АО «Северогорский механический завод»",
         "сварщик 6 разряда АО «Северогорский механический завод»", "электромонтер ПАО «Северогорскэнерго»",
         "начальник смены ПАО «Северогорскэнерго»", "инженер-наладчик ООО «Северные цифровые системы»"],
}
SPECIALTIES = ["«Сварочное производство»", "«Технология машиностроения»",
               "«Электрические станции, сети и системы»", "«Информационные системы и программирование»",
               "«Монтаж и техническая эксплуатация промышленного оборудования»"]


def fmt(d):
    return d.strftime("%d.%m.%Y") if d else ""


def parse(s):
    return dt.datetime.strptime(s, "%d.%m.%Y").date()


def age_at(birth, day):
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


class Gen:
    def __init__(self, root):
        self.root = root
        self.rng = random.Random(SEED)
        self.orgs = self.read("organizations.csv")
        self.programs = {r["Код"]: r for r in self.read("programs.csv")}
        self.people = []          # dicts
        self.by_id = {}
        self.names = set(RESERVED)
        self.pairs = []           # dicts: mentor, mentees, form, program, start, end
        self.mentor_pool = {}     # (org, form) -> [person ids]
        self.counter = 10

    def read(self, name):
        with open(os.path.join(self.root, "data", name), encoding="utf-8-sig", newline="") as f:
            return list(csv.DictReader(f, delimiter=";"))

    def org(self, oid):
        return next(o for o in self.orgs if o["Код"] == oid)

    # --- people ---
    def new_name(self, sex):
        rng = self.rng
        while True:
            sur = rng.choice(SURNAMES)
            father = rng.choice(FATHERS)
            if sex == "m":
                full = (sur, rng.choice(MALE), PATRONYMICS[father][0])
            else:
                full = (female_surname(sur), rng.choice(FEMALE), PATRONYMICS[father][1])
            if " ".join(full) not in self.names:
                self.names.add(" ".join(full))
                return full

    def birth(self, age_lo, age_hi, year):
        """A birth date giving an age in [age_lo, age_hi] on 1 September of `year`."""
        ref = dt.date(year, 9, 1)
        lo = dt.date(year - age_hi - 1, 9, 2)
        hi = dt.date(year - age_lo, 9, 1)
        d = lo + dt.timedelta(days=self.rng.randrange((hi - lo).days + 1))
        assert age_lo <= age_at(d, ref) <= age_hi, (d, age_lo, age_hi)
        return d

    def contacts(self, sur, name, adult):
        rng = self.rng
        phone = "+7 900 %03d-%02d-%02d" % (rng.randrange(100, 1000), rng.randrange(100), rng.randrange(100))
        mail = "%s.%s%d@mail.example" % (translit(sur), translit(name)[0], rng.randrange(10, 100))
        if not adult and rng.random() < 0.4:
            mail = ""
        return phone, mail

    def add_person(self, org, role, cat, position, form, program, birth, sex=None, pid=None, full=None):
        if sex is None:
            sex = self.rng.choice("mf")
        if full is None:
            full = self.new_name(sex)
        if pid is None:
            self.counter += 1
            pid = "p%04d" % self.counter
        p = {"id": pid, "sur": full[0], "name": full[1], "pat": full[2], "birth": birth, "org": org,
             "role": role, "cat": cat, "pos": position, "form": form, "program": program or "",
             "pairs": [], "consent": "", "consent_date": None, "consent_url": "", "withdrawn": None}
        p["phone"], p["mail"] = self.contacts(full[0], full[1], cat != "обучающийся")
        self.people.append(p)
        self.by_id[pid] = p
        return p

    # --- dates ---
    def pair_dates(self, year, years_long, open_end_ok=True):
        rng = self.rng
        start = dt.date(year, 9, 15) + dt.timedelta(days=rng.randrange(0, 40))
        last = year + years_long - 1
        if last >= YEARS[-1] and open_end_ok and rng.random() < 0.45:
            return start, None
        last = min(last, YEARS[-1])
        end = dt.date(last + 1, 5, 20) + dt.timedelta(days=rng.randrange(0, 12))
        return start, end

    @staticmethod
    def active(start, end, year):
        return start <= dt.date(year + 1, 8, 31) and (end is None or end >= dt.date(year, 9, 1))

    def active_people(self, org, year, pred):
        return [p for p in self.people if p["org"] == org and pred(p) and
                any(self.active(s, e, year) for s, e in self.person_spans(p))]

    def person_spans(self, p):
        return [(pr["start"], pr["end"]) for pr in p["pairs"]]

    # --- mentors ---
    def mentor_for(self, org, form, year, start, end, capacity):
        """An existing mentor of this organization and form with room, else a new one."""
        pool = self.mentor_pool.setdefault((org, form), [])
        for pid in pool:
            m = self.by_id[pid]
            if m.get("first_year", 0) > year:
                continue
            if m["cat"] == "обучающийся":
                if age_at(m["birth"], dt.date(year, 9, 1)) > MAX_PUPIL_AGE.get(org, 17):
                    continue
                if end is None or age_at(m["birth"], dt.date(end.year - 1, 9, 1)) > MAX_PUPIL_AGE.get(org, 17):
                    continue
            busy = sum(1 for pr in m["pairs"] if self.overlap(pr["start"], pr["end"], start, end))
            if busy < capacity:
                return m
        m = self.new_mentor(org, form, year, end)
        pool.append(m["id"])
        return m

    @staticmethod
    def overlap(s1, e1, s2, e2):
        e1 = e1 or PROGRAM_END
        e2 = e2 or PROGRAM_END
        return s1 <= e2 and s2 <= e1

    def program_of(self, org, form):
        if form == SY:
            return "set-studenty"
        if form == RY and (org, form) not in OWN_PROGRAM:
            return "set-professii"
        return OWN_PROGRAM.get((org, form)) or ""

    def new_mentor(self, org, form, year, end):
        rng = self.rng
        last = (end.year - 1) if end else YEARS[-1]
        if form == UU:
            pos = rng.choice(POSITIONS.get(org, SUBJECTS))
            sex = "f" if rng.random() < 0.82 else "m"
            return self.add_person(org, "наставник", "педагог", pos, form, self.program_of(org, form),
                                   self.birth(34, 61, year), sex)
        if form == YY:
            hi = min(16, MAX_PUPIL_AGE.get(org, 16)) - (last - year)
            b = self.birth(min(15, hi), hi, year)
            grade = min(11, age_at(b, dt.date(year, 9, 1)) - 6)
            what = "воспитанник творческого объединения" if org == "ddt" else "обучающийся %d класса" % grade
            return self.add_person(org, "наставник", "обучающийся", what, form, self.program_of(org, form), b)
        if form == SY:
            b = self.birth(17, 20, year)
            course = min(4, max(1, age_at(b, dt.date(year, 9, 1)) - 15))
            return self.add_person("kolledzh", "наставник", "студент",
                                   "студент %d курса, специальность %s" % (course, rng.choice(SPECIALTIES)),
                                   form, "set-studenty", b)
        if form in (RY, RS):
            return self.add_person(org, "наставник", "представитель работодателя", rng.choice(EMPLOYERS[form]),
                                   form, self.program_of(org, form), self.birth(27, 58, year),
                                   "m" if rng.random() < 0.6 else "f")
        raise ValueError(form)

    def add_pair(self, mentor, mentees, form, program, start, end):
        if program:  # a pair cannot start before its program
            start = max(start, parse(self.programs[program]["Начало"]))
        pr = {"mentor": mentor["id"], "mentees": [m["id"] for m in mentees], "form": form,
              "program": program, "start": start, "end": end}
        self.pairs.append(pr)
        mentor["pairs"].append(pr)
        for m in mentees:
            m["pairs"].append(pr)
        return pr

    # --- the simulation ---
    def run(self):
        rng = self.rng
        for a in ANCHORS:
            (pid, sur, name, pat, sex, birth, org, cat, pos, form, program, first) = a
            self.names.add("%s %s %s" % (sur, name, pat))
            p = self.add_person(org, "наставник", cat, pos, form, program, parse(birth), sex, pid, (sur, name, pat))
            p["first_year"] = first
            p["anchor"] = True
            self.mentor_pool.setdefault((org, form), []).append(pid)

        pupils_orgs = [o["Код"] for o in self.orgs if o["Код"] in MENTEE_SHARE]
        ys_orgs = [o["Код"] for o in self.orgs if int(o["Молодых специалистов"] or 0) > 0]
        for yi, year in enumerate(YEARS):
            # young specialists and other teachers (учитель – учитель)
            for org in ys_orgs:
                if org == "dou-14" and year == 2021:
                    continue  # the kindergarten joined the model in 2022-2023
                col = int(self.org(org)["Молодых специалистов"])
                want = min(col, round(YS_SHARE[yi] * col + (0.3 if org in ("sch-3", "gym-1") else 0)))
                have = len(self.active_people(org, year, lambda p: p["cat"] == "молодой специалист"))
                while have < want:
                    self.young_pair(org, year)
                    have += 1
                if rng.random() < 0.35:
                    self.teacher_learns(org, year)
            # pupils
            for org in pupils_orgs:
                pupils = int(self.org(org)["Обучающихся"])
                want = round(MENTEE_SHARE[org][yi] * pupils)
                have = len(self.active_people(org, year, lambda p: p["cat"] == "обучающийся" and p["role"] == "наставляемый"))
                forms = SCHOOL_FORMS[org]
                while have < want:
                    form = rng.choices(list(forms), weights=list(forms.values()))[0]
                    have += self.pupil_group(org, form, year, want - have)
            # college students with employers' mentors
            want = (6, 9, 12)[yi]
            have = len(self.active_people("kolledzh", year, lambda p: p["cat"] == "студент" and p["role"] == "наставляемый"))
            while have < want:
                have += self.student_group(year)
        self.boundary_cases()
        self.finish()
        self.consents()

    def young_pair(self, org, year):
        rng = self.rng
        yrs = rng.choice((2, 3, 3))
        start, end = self.pair_dates(year, yrs)
        network = org in ("sch-16", "dou-14", "ddt") and rng.random() < 0.3 or rng.random() < 0.12
        pos = rng.choice(POSITIONS.get(org, SUBJECTS))
        sex = "f" if rng.random() < 0.75 else "m"
        program = "set-shmp" if network else self.program_of(org, UU)
        ys = self.add_person(org, "наставляемый", "молодой специалист", pos, UU, program,
                             self.birth(22, 29, year), sex)
        mentor = self.mentor_for(org, UU, year, start, end, capacity=1 if org != "sch-16" else 2)
        self.add_pair(mentor, [ys], UU, program, start, end)

    def teacher_learns(self, org, year):
        """An experienced teacher mastering something new (element «обучение»)."""
        rng = self.rng
        start, end = self.pair_dates(year, 1)
        pos = rng.choice(POSITIONS.get(org, SUBJECTS))
        t = self.add_person(org, "наставляемый", "педагог", pos, UU, self.program_of(org, UU),
                            self.birth(31, 55, year), "f" if rng.random() < 0.8 else "m")
        mentor = self.mentor_for(org, UU, year, start, end, capacity=3)
        self.add_pair(mentor, [t], UU, self.program_of(org, UU), start, end)

    def pupil_group(self, org, form, year, room):
        rng = self.rng
        maxage = MAX_PUPIL_AGE.get(org, 17)
        if form == YY:
            size = 1 if rng.random() < 0.2 else rng.randint(2, 6)
            lo, hi = 10, min(14, maxage - 1)
            yrs = rng.choice((1, 2, 2))
        elif form == SY:
            size, lo, hi, yrs = rng.randint(2, 4), 12, min(16, maxage), rng.choice((1, 1, 2))
        else:  # RY
            size, lo, hi, yrs = rng.randint(4, 8), 14, maxage, 1
        size = max(1, min(size, room + 1))
        start, end = self.pair_dates(year, yrs)
        mentees = []
        last = (end.year - 1) if end else YEARS[-1]
        # pupils whose pair ended last May continue with a new mentor or group
        for p in self.people:
            if len(mentees) >= size:
                break
            if (p["org"] == org and p["role"] == "наставляемый" and p["cat"] == "обучающийся"
                    and p["form"] == form and p["pairs"]
                    and all(pr["end"] and pr["end"].year == year for pr in p["pairs"])
                    and age_at(p["birth"], dt.date(last, 9, 1)) <= min(maxage, hi + 1)
                    and rng.random() < 0.75):
                mentees.append(p)
        for _ in range(size - len(mentees)):
            b = self.birth(lo, hi, year)
            # a pupil must still be at school on 1 September of every year of the pair
            while age_at(b, dt.date(last, 9, 1)) > maxage:
                b = self.birth(lo, max(lo, hi - (last - year)), year)
            grade = max(4, min(11, age_at(b, dt.date(year, 9, 1)) - 6))
            what = "воспитанник творческого объединения" if org == "ddt" else "обучающийся %d класса" % grade
            mentees.append(self.add_person(org, "наставляемый", "обучающийся", what, form,
                                           self.program_of(org, form), b))
        mentor = self.mentor_for(org if form != SY else "kolledzh", form, year, start, end,
                                 capacity=1 if form == YY else 2)
        self.add_pair(mentor, mentees, form, self.program_of(org, form), start, end)
        return size

    def student_group(self, year):
        rng = self.rng
        size = rng.randint(1, 4)
        start, end = self.pair_dates(year, rng.choice((1, 1, 2)))
        mentees = []
        for _ in range(size):
            b = self.birth(16, 19, year)
            course = min(4, max(1, age_at(b, dt.date(year, 9, 1)) - 15))
            mentees.append(self.add_person("kolledzh", "наставляемый", "студент",
                                           "студент %d курса, специальность %s" % (course, rng.choice(SPECIALTIES)),
                                           RS, "kol-proizvodstvo", b))
        mentor = self.mentor_for("kolledzh", RS, year, start, end, capacity=2)
        self.add_pair(mentor, mentees, RS, "kol-proizvodstvo", start, end)
        return size

    def boundary_cases(self):
        """Pupils whose age crosses 11 exactly on the reference date 01.09.2022 (indicator tests)."""
        mentor = self.mentor_for("sch-3", YY, 2022, dt.date(2022, 10, 3), dt.date(2023, 5, 26), capacity=1)
        a = self.add_person("sch-3", "наставляемый", "обучающийся", "обучающийся 5 класса", YY, "sch3-ravnyy",
                            dt.date(2011, 9, 1), "f")   # 11 years old on 01.09.2022
        b = self.add_person("sch-3", "наставляемый", "обучающийся", "обучающийся 5 класса", YY, "sch3-ravnyy",
                            dt.date(2011, 9, 2), "m")   # still 10 on 01.09.2022
        self.add_pair(mentor, [a, b], YY, "sch3-ravnyy", dt.date(2022, 10, 3), dt.date(2023, 5, 26))

    def finish(self):
        dropped = [p for p in self.people if not p["pairs"]]
        assert not dropped, [p["id"] for p in dropped]
        for p in self.people:
            spans = self.person_spans(p)
            p["start"] = min(s for s, _ in spans)
            p["end"] = None if any(e is None for _, e in spans) else max(e for _, e in spans)
        # ids in order of appearance, anchors first; pairs numbered by start date
        self.people.sort(key=lambda p: p["id"])
        self.pairs.sort(key=lambda pr: (pr["start"], pr["mentor"]))
        for i, pr in enumerate(self.pairs, 1):
            pr["id"] = "pr%04d" % i

    def consents(self):
        rng = self.rng
        adults = [p for p in self.people if p["role"] == "наставник" and
                  age_at(p["birth"], p["start"]) >= 18]
        minors = [p for p in self.people if p["role"] == "наставник" and p not in adults]
        for p in minors:
            p["consent"] = "нет"   # minors are never published
        for p in adults:
            d = p["start"] + dt.timedelta(days=rng.randrange(0, 21))
            if p.get("anchor"):
                p.update(consent="да", consent_date=d, consent_url=SITE)
                continue
            r = rng.random()
            if p["org"] == "sch-3" and r < 0.35:
                p.update(consent="да", consent_date=d, consent_url=OTHER_SITE)
            elif r < 0.62:
                p.update(consent="да", consent_date=d, consent_url=SITE)
            else:
                p.update(consent="нет")
        # two withdrawals: mentors who had consented for this site
        cands = [p for p in adults if p["consent_url"] == SITE and not p.get("anchor")]
        for p in rng.sample(cands, 2):
            p["withdrawn"] = p["consent_date"] + dt.timedelta(days=rng.randrange(120, 500))

    # --- output ---
    def write(self):
        head = ["Код", "Фамилия", "Имя", "Отчество", "Дата рождения", "Организация", "Роль", "Категория",
                "Должность", "Форма", "Программа", "Начало", "Окончание", "Согласие на публикацию",
                "Дата согласия", "Адрес публикации", "Согласие отозвано", "Телефон", "Электронная почта"]
        rows = [[p["id"], p["sur"], p["name"], p["pat"], fmt(p["birth"]), p["org"], p["role"], p["cat"],
                 p["pos"], p["form"], p["program"], fmt(p["start"]), fmt(p["end"]), p["consent"],
                 fmt(p["consent_date"]), p["consent_url"], fmt(p["withdrawn"]), p["phone"], p["mail"]]
                for p in self.people]
        self.save("participants.csv", head, rows, "cp1251", bom=False)
        rows = [[pr["id"], pr["mentor"], ",".join(pr["mentees"]), pr["form"], pr["program"],
                 fmt(pr["start"]), fmt(pr["end"])] for pr in self.pairs]
        self.save("pairs.csv", ["Код", "Наставник", "Наставляемые", "Форма", "Программа", "Начало", "Окончание"],
                  rows, "utf-8", bom=True)
        rows = []
        means = {2021: 7.2, 2022: 7.9, 2023: 8.3}
        for p in self.people:
            if p["cat"] != "молодой специалист":
                continue
            for y in YEARS:
                if self.active(p["start"], p["end"], y) and self.rng.random() < 0.85:
                    v = max(1, min(10, round(self.rng.gauss(means[y], 1.3))))
                    rows.append([p["id"], "%d-%d" % (y, y + 1), str(v)])
        rows.sort(key=lambda r: (r[1], r[0]))
        self.save("survey.csv", ["Участник", "Учебный год", "Удовлетворенность"], rows, "utf-8", bom=True)

    def save(self, name, head, rows, enc, bom):
        buf = io.StringIO()
        w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
        w.writerow(head)
        w.writerows(rows)
        data = buf.getvalue().encode(enc)
        if bom:
            data = b"\xef\xbb\xbf" + data
        with open(os.path.join(self.root, "data", name), "wb") as f:
            f.write(data)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    g = Gen(root)
    g.run()
    g.write()
    mentors = [p for p in g.people if p["role"] == "наставник"]
    ok = [p for p in mentors if p["consent"] == "да" and p["consent_url"] == SITE and not p["withdrawn"]]
    print("participants: %d (mentors %d, publishable %d), pairs: %d" %
          (len(g.people), len(mentors), len(ok), len(g.pairs)))


if __name__ == "__main__":
    main()

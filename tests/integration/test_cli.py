"""The command line: exit codes, Russian messages, help and version."""
from common import ROOT, Failures, run

f = Failures()
checks = 0
cases = [
    (["version"], 0, "nastavnik "),
    (["help"], 0, "Команды:"),
    (["help", "build"], 0, "--site"),
    ([], 2, "Команды:"),
    (["frobnicate"], 2, "неизвестная команда"),
    (["build", "--nonsense"], 2, "неизвестный параметр --nonsense"),
    (["build", "--site"], 2, "после --site нужно значение"),
    (["build", "--today", "31.02.2023", "--site", str(ROOT)], 2, "не дата"),
    (["check", "--site", "/nonexistent-site"], 2, "нет файла site.yaml"),
    (["check", "--format", "xml", "--site", str(ROOT)], 2, "--format"),
    (["check", "--site", str(ROOT), "--today", "2023-11-01"], 0, "Проверка пройдена"),
]
for args, code, text in cases:
    r = run(args)
    out = r.stdout + r.stderr
    checks += 1
    f.check(r.returncode == code, f"nastavnik {' '.join(args)}: exit {r.returncode}, expected {code}\n{out[:500]}")
    checks += 1
    f.check(text in out, f"nastavnik {' '.join(args)}: output lacks «{text}»:\n{out[:500]}")
f.finish(checks)

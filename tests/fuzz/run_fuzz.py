"""A short, bounded libFuzzer run of every fuzz target, for `make test`.

Builds the targets (generator/**/*_fuzz.cc) with clang, AddressSanitizer and
UBSan in their own build folder, seeds each with inputs taken from the
repository (the invalid-input fixtures, the fixture sites, the demo site),
and runs each for a few seconds. Any crash, sanitizer report, hang or broken
invariant fails the test; the input that caused it is left in the build
folder (crash-*, timeout-*) for `front_matter_fuzz <file>` to replay.

  python3 tests/fuzz/run_fuzz.py [--build-dir DIR] [--seconds N]

The longer run for development is in ARCHITECTURE.md («Fuzzing»).
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def seeds_front_matter(out):
    """Mode byte + text: 0/1/2 = order/case/page, 3 = site.yaml, 4 = schema."""
    n = 0
    def add(mode, path):
        nonlocal n
        data = path.read_bytes()
        if len(data) > 64 * 1024:
            return
        (out / f"seed-{n:04d}").write_bytes(bytes([mode]) + data)
        n += 1
    for base in (ROOT / "tests" / "fixtures", ROOT / "content"):
        for p in sorted(base.rglob("*.md")):
            parts = p.parts
            mode = 0 if "orders" in parts else 1 if "cases" in parts else 2
            add(mode, p)
    for p in sorted((ROOT / "tests" / "fixtures").rglob("site.yaml")) + [ROOT / "site.yaml"]:
        add(3, p)
    for p in sorted((ROOT / "generator" / "schemas").glob("*.yaml")) + sorted((ROOT / "tests" / "fixtures").rglob("schemas/*.yaml")):
        add(4, p)
    return n


def seeds_csv(out):
    """Option byte 0 (detect everything) + the file."""
    n = 0
    for p in sorted((ROOT / "tests" / "fixtures").rglob("*.csv")) + sorted((ROOT / "data").glob("*.csv")):
        data = p.read_bytes()
        if len(data) > 64 * 1024:
            data = data[:64 * 1024]
        (out / f"seed-{n:04d}").write_bytes(b"\x00" + data)
        n += 1
    return n


SEEDS = {"front_matter_fuzz": seeds_front_matter, "csv_fuzz": seeds_csv}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-dir", default=str(ROOT / "build-fuzz"))
    ap.add_argument("--seconds", type=int, default=int(os.environ.get("NASTAVNIK_FUZZ_SECONDS", "20")))
    args = ap.parse_args()
    build = Path(args.build_dir)
    passed = failed = 0
    if not shutil.which("clang++"):
        print("FAIL: clang++ not found; `.ci/install-deps.sh test` installs clang and libclang-rt-14-dev")
        print("0 passed, 1 failed")
        sys.exit(1)
    env = dict(os.environ, CC="clang", CXX="clang++")
    steps = [
        ["cmake", "-S", str(ROOT), "-B", str(build), "-DNASTAVNIK_FUZZ=ON", "-DCMAKE_BUILD_TYPE=RelWithDebInfo"],
        ["cmake", "--build", str(build), "-j2", "--target", *SEEDS.keys()],
    ]
    for cmd in steps:
        r = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if r.returncode != 0:
            print(f"FAIL: {' '.join(cmd)}\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}")
            print("0 passed, 1 failed")
            sys.exit(1)
    for target, make_seeds in SEEDS.items():
        binary = build / "generator" / target
        corpus = Path(tempfile.mkdtemp(prefix=f"{target}-corpus-"))
        try:
            count = make_seeds(corpus)
            # -timeout: one input taking over 5 s is a hang; -rss_limit_mb
            # catches runaway memory (the inputs are a few KB).
            cmd = [str(binary), f"-max_total_time={args.seconds}", "-timeout=5", "-rss_limit_mb=2048",
                   "-max_len=16384", f"-artifact_prefix={build}/", str(corpus)]
            r = subprocess.run(cmd, capture_output=True, text=True, cwd=build)
            tail = "\n".join(r.stderr.splitlines()[-30:])
            if r.returncode == 0:
                passed += 1
                stats = [l for l in r.stderr.splitlines() if l.startswith("Done ")]
                print(f"ok: {target}: {count} seeds, {args.seconds} s, {stats[-1] if stats else ''}")
            else:
                failed += 1
                print(f"FAIL: {target} (exit {r.returncode}); replay the crash-* file in {build}:\n{tail}")
        finally:
            shutil.rmtree(corpus, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

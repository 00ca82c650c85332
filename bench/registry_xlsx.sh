#!/bin/sh
# Exports a large personified registry to XLSX with our streaming writer and
# reports time and peak memory (issue 7). Not a test: run it by hand.
#
#   bench/registry_xlsx.sh [ROWS] [BUILD_DIR]     (defaults: 1000000, build)
#
# Runs the registry writer the internal workbooks use
# (publish/registry_workbook.h) through the unit-test binary's bench case,
# with ROWS synthetic participant rows of 11 columns (text, dates, enum
# dropdowns, formula-like text), under /usr/bin/time. The workbook goes to a
# folder beside BUILD_DIR, not /tmp (which may be a small tmpfs), and is
# removed afterwards.
set -eu
ROWS=${1:-1000000}
BUILD=${2:-build}
BIN="$BUILD/generator/nastavnik_unit_tests"
[ -x "$BIN" ] || { echo "нет $BIN: соберите nastavnik (cmake --build $BUILD)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "нет /usr/bin/time: apt-get install time" >&2; exit 2; }
WORK="$BUILD/bench-registry-xlsx"
rm -rf "$WORK"
mkdir -p "$WORK"
trap 'rm -rf "$WORK"' EXIT
NASTAVNIK_BENCH_ROWS=$ROWS NASTAVNIK_BENCH_OUT="$WORK/reestr.xlsx" \
  /usr/bin/time -f 'elapsed %e s, peak RSS %M KB, user %U s, sys %S s' \
  "$BIN" -tc='bench: registry workbook' 2>&1 | grep -E '^(registry workbook|elapsed|\[doctest\] Status)'

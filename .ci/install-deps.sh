#!/usr/bin/env bash
# Installs the Debian 12 packages nastavnik needs, and only those missing.
#   .ci/install-deps.sh build   what building nastavnik and the site needs
#   .ci/install-deps.sh test    the same plus the tools the tests drive
#                               (Chromium, LibreOffice, Java for the Nu checker,
#                               Node packages from the npm registry, clang
#                               and its libFuzzer runtime for the fuzz run)
# Nothing is downloaded from anywhere but Debian's archive and the npm registry.
set -euo pipefail
mode=${1:-build}
cd "$(dirname "$0")/.."

build_pkgs=(build-essential cmake pkg-config python3
  libcmark-gfm-dev libcmark-gfm-extensions-dev libpoco-dev libxlsxwriter-dev
  doctest-dev libyaml-cpp-dev libcsv-dev libtbb-dev libisal-dev libjemalloc-dev)
test_pkgs=(chromium libreoffice-calc-nogui default-jre-headless unzip nodejs npm
  clang libclang-rt-14-dev)

want=("${build_pkgs[@]}")
[ "$mode" = test ] && want+=("${test_pkgs[@]}")

missing=()
for p in "${want[@]}"; do
  # nodejs/npm may come from elsewhere (a NodeSource build bundles npm): a
  # working command is as good as the package.
  case "$p" in
    nodejs) command -v node >/dev/null 2>&1 && continue ;;
    npm) command -v npm >/dev/null 2>&1 && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "Устанавливаю пакеты Debian: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "Нужны права root: запустите команду через sudo или от имени root." >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm ci is reproducible from package-lock.json and skips work when the
# installed tree already matches it.
#
# Pagefind lists one optional package per platform; the lock file records only
# those the registry served for Linux, and `npm ci` then refuses the lock as
# "out of sync" (npm 11). `npm install` installs exactly the locked versions
# without that check and leaves the lock untouched, so it is used instead
# when the lock has optional platform packages (install_cmd=install).
npm_ci() {
  local dir=$1 what=$2 install_cmd=${3:-ci}
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "Устанавливаю из npm: $what ($dir)…"
    (cd "$dir" && npm "$install_cmd" --no-audit --no-fund --loglevel=error)
  fi
}

# Pagefind builds the site's search index (package.json at the root). Search
# is optional for `make site`: without Node.js the site is built without it.
if command -v npm >/dev/null 2>&1; then
  if ! npm_ci . "Pagefind для поиска по сайту" install; then
    [ "$mode" = test ] && exit 1
    echo "Pagefind не установлен: сайт соберётся без поиска."
  fi
elif [ "$mode" = build ]; then
  echo "Node.js и npm не установлены: сайт соберётся без поиска (apt-get install nodejs npm, чтобы включить его)."
fi

if [ "$mode" = test ] && [ -f tests/web/package.json ]; then
  npm_ci tests/web "инструменты проверки в браузере"
fi

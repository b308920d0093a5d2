#!/bin/sh
# Debian's chromium + chromedriver for the browser tests; a test tool's own browser download
# can't work on machines without internet, the distribution's packages can.
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing chromium and chromium-driver for the browser tests…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null \
    || echo "Could not install chromium; browser tests will skip and say so."
else
  echo "chromium/chromedriver missing and not root: browser tests will skip and say so."
fi
exit 0

#!/bin/sh
# Debian's chromium + chromedriver for the browser tests, and a CJK font so pages in Chinese render
# (and screenshot) as a reader sees them; a test tool's own browser download can't work on
# machines without internet, the distribution's packages can.
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 \
   && { ! command -v fc-list >/dev/null 2>&1 || fc-list :lang=zh | grep -q .; }; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing chromium, chromium-driver and a CJK font for the browser tests…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei >/dev/null \
    || echo "Could not install chromium; browser tests will skip and say so."
else
  echo "chromium/chromedriver missing and not root: browser tests will skip and say so."
fi
exit 0

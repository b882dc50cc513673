#!/usr/bin/env bash
# The browser for the web app's browser tests: Debian's chromium, driven by Playwright for Python through
# `executable_path` (Playwright's own browser download is never used). Prints chromium's path; installs it
# with apt-get when missing and we are root. Exit 1 when there is none and it cannot be installed.
set -euo pipefail
for name in chromium chromium-browser; do
  if path=$(command -v "$name"); then echo "$path"; exit 0; fi
done
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/dev/null 2>&1 || true
  if path=$(command -v chromium); then echo "$path"; exit 0; fi
fi
echo "scripts/browser.sh: no chromium, and it cannot be installed here (needs root and apt-get)" >&2
exit 1

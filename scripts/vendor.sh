#!/usr/bin/env bash
# Vendors the web app's two browser libraries from the npm registry into src/progtempo/web/static/vendor/,
# with their versions in the file names and their licences beside them, so the app never asks a CDN:
#   htmx (partial page updates) and uPlot (interactive charts).
# `npm pack` checks each tarball against the registry's integrity hash; SHA256SUMS pins what we ship, and
# `bash scripts/vendor.sh --check` (run by the tests) verifies the files against it without the network.
# To upgrade: change a version below, run the script, look at the app, commit the new files.
set -euo pipefail
cd "$(dirname "$0")/.."
HTMX=2.0.11
UPLOT=1.6.32
out=src/progtempo/web/static/vendor

if [ "${1:-}" = "--check" ]; then
  (cd "$out" && sha256sum --quiet -c SHA256SUMS)
  exit
fi

command -v npm >/dev/null || { echo "scripts/vendor.sh: needs npm (apt-get install npm)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "htmx.org@$HTMX" "uplot@$UPLOT" >/dev/null)
tar xzf "$tmp/htmx.org-$HTMX.tgz" -C "$tmp" package/dist/htmx.min.js package/LICENSE
mkdir -p "$tmp/uplot" && tar xzf "$tmp/uplot-$UPLOT.tgz" -C "$tmp/uplot" \
  package/dist/uPlot.iife.min.js package/dist/uPlot.min.css package/LICENSE
rm -f "$out"/htmx-* "$out"/uPlot-* "$out"/SHA256SUMS
mkdir -p "$out"
cp "$tmp/package/dist/htmx.min.js" "$out/htmx-$HTMX.min.js"
cp "$tmp/package/LICENSE" "$out/htmx-$HTMX.LICENSE.txt"
cp "$tmp/uplot/package/dist/uPlot.iife.min.js" "$out/uPlot-$UPLOT.iife.min.js"
cp "$tmp/uplot/package/dist/uPlot.min.css" "$out/uPlot-$UPLOT.min.css"
cp "$tmp/uplot/package/LICENSE" "$out/uPlot-$UPLOT.LICENSE.txt"
(cd "$out" && sha256sum htmx-* uPlot-* > SHA256SUMS)
echo "vendored htmx $HTMX and uPlot $UPLOT into $out"

#!/usr/bin/env bash
# Lighthouse (mobile emulation, simulated throttling) on five pages of the shipped ladder,
# served over loopback with no other network: home, a level, a growth area, the comparison
# page and a pair page. Prints each page's scores (performance, accessibility, best
# practices, SEO) and its cumulative layout shift. A measurement, not a test: run it by hand
# after changing the theme and put the figures in README ("Lighthouse").
#
#   npm install --no-save lighthouse@13.5.0   # once, into ./node_modules
#   benches/lighthouse.sh                     # RUNGS=path/to/rungs, CHROMIUM=path/to/chromium
set -euo pipefail
cd "$(dirname "$0")/.."

RUNGS=${RUNGS:-target/release/rungs}
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser)}
LIGHTHOUSE=${LIGHTHOUSE:-node_modules/.bin/lighthouse}
[ -x "$RUNGS" ] || { echo "no $RUNGS: cargo build --release first (or set RUNGS)" >&2; exit 2; }
[ -x "$LIGHTHOUSE" ] || { echo "no $LIGHTHOUSE: npm install --no-save lighthouse@13.5.0 (or set LIGHTHOUSE)" >&2; exit 2; }

work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$RUNGS" build -q --root . --output "$work/site" --base-url "http://127.0.0.1:$port/"
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/site" >/dev/null 2>&1 &
server=$!
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/')" 2>/dev/null && break
  sleep 0.1
done

printf '%-28s %5s %5s %5s %5s %7s\n' page perf a11y bp seo CLS
for page in "" levels/senior/ areas/security/ compare/ compare/junior-vs-senior/; do
  "$LIGHTHOUSE" "http://127.0.0.1:$port/$page" --quiet --output=json --output-path="$work/report.json" \
    --only-categories=performance,accessibility,best-practices,seo \
    --chrome-path="$CHROMIUM" --chrome-flags="--headless=new --no-sandbox --disable-gpu" >/dev/null 2>&1
  python3 - "$work/report.json" "/$page" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
c = r["categories"]
score = lambda k: round(c[k]["score"] * 100)
cls = r["audits"]["cumulative-layout-shift"]["numericValue"]
print(f'{sys.argv[2]:<28} {score("performance"):>5} {score("accessibility"):>5} {score("best-practices"):>5} {score("seo"):>5} {cls:>7.3f}')
for k in ("accessibility", "best-practices", "seo"):
    for ref in c[k]["auditRefs"]:
        a = r["audits"][ref["id"]]
        if ref["weight"] > 0 and a["score"] is not None and a["score"] < 1:
            print(f'    {k}: {a["id"]}: {a["title"]}')
PY
done

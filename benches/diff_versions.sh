#!/usr/bin/env bash
# Times `rungs diff` between two versions of a generated ladder (README "Performance").
# v1: benches/gen_ladder.py; v2: every 10th area reworded, every 25th removed, a bullet of
# every level reworded. Needs git, hyperfine and a release build (target/release/rungs).
# Usage: benches/diff_versions.sh [LEVELS] [AREAS]   (default 8 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
LEVELS=${1:-8} AREAS=${2:-1000}
RUNGS=${RUNGS:-$PWD/target/release/rungs}
WORK=${WORK:-/dev/shm/rungs-diff-bench}
rm -rf "$WORK"
python3 benches/gen_ladder.py --levels "$LEVELS" --areas "$AREAS" --out "$WORK"
cd "$WORK"
git init -q -b main
git -c user.name=b -c user.email=b@example.com add -A
git -c user.name=b -c user.email=b@example.com commit -q -m v1
git tag v1
python3 - <<'PY'
import os, glob
areas = sorted(glob.glob("content/areas/*.md"))
for i, path in enumerate(areas):
    if i % 25 == 0:
        os.remove(path)
    elif i % 10 == 0:
        text = open(path).read()
        open(path, "w").write(text.replace(" the ", " the whole ", 1))
for path in sorted(glob.glob("content/levels/*.md")):
    lines = open(path).read().split("\n")
    for j, line in enumerate(lines):
        if line.startswith("    - ") and line.endswith('"'):
            lines[j] = line[:-1] + ' across teams"'
            break
    open(path, "w").write("\n".join(lines))
PY
git -c user.name=b -c user.email=b@example.com commit -q -am v2
git tag v2
"$RUNGS" diff v1 v2 --root "$WORK" | tail -n 3
echo "changes listed: $("$RUNGS" diff v1 v2 --root "$WORK" --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(sum(len(t["items"]) for t in d["tracks"]), "items,", sum(len(t["areas"]) for t in d["tracks"]), "areas")')"
hyperfine -N --warmup 1 --runs "${RUNS:-5}" "$RUNGS diff v1 v2 --root $WORK" "$RUNGS check --root $WORK"

#!/usr/bin/env bash
# Times the release `rungs build` against Hugo and mdBook on the same synthetic content
# (benches/gen_ladder.py writes identical pages in each tool's layout), side by side in one
# run: wall time with hyperfine (each run starts from an empty output directory), peak memory
# with /usr/bin/time. Results go to stdout as a Markdown table.
#
#   benches/compare_peers.sh                 # 5+5, 8+1000 and 8+5000
#   WORKLOADS="8:1000" benches/compare_peers.sh
#
# Needs: hyperfine and hugo (Debian packages), mdbook (cargo install mdbook --locked);
# missing peers are skipped. Nothing here touches the network beyond package installs.
set -euo pipefail
cd "$(dirname "$0")/.."
# tmpfs by default: on a VM disk, deleting the previous output (which every run does) makes
# the next run's directory creation wait on the journal, adding seconds of noise to every
# tool alike. Set WORK to a disk folder to measure with the disk.
if [ -z "${WORK:-}" ]; then
  if [ -d /dev/shm ] && [ -w /dev/shm ]; then WORK=$(mktemp -d /dev/shm/rungs-bench.XXXXXX); else WORK=$(mktemp -d /tmp/rungs-bench.XXXXXX); fi
fi
WORKLOADS=${WORKLOADS:-"5:5 8:1000 8:5000"}
RUNS=${RUNS:-5}

cargo build --release --quiet
RUNGS=$PWD/target/release/rungs
have() { command -v "$1" >/dev/null 2>&1; }
have hyperfine || { echo "hyperfine missing: apt-get install hyperfine" >&2; exit 1; }

peak_mib() { # command… → peak RSS in MiB (median of 3)
  for _ in 1 2 3; do
    /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -1
  done | sort -n | sed -n 2p | awk '{printf "%.0f", $1/1024}'
}

median_s() { # hyperfine json → median seconds
  python3 -c 'import json,sys; print("%.3f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$1"
}

echo "| workload | pages | rungs wall / peak RSS | Hugo wall / peak RSS | mdBook wall / peak RSS |"
echo "|---|--:|--:|--:|--:|"
for w in $WORKLOADS; do
  levels=${w%%:*}; areas=${w##*:}
  dir=$WORK/l${levels}-a${areas}
  for fmt in ladder hugo mdbook; do
    [ -d "$dir-$fmt" ] || python3 benches/gen_ladder.py --levels "$levels" --areas "$areas" --format "$fmt" --out "$dir-$fmt" >/dev/null
  done
  pages=$("$RUNGS" build --root "$dir-ladder" --output "$dir-ladder/public" 2>&1 | sed -n 's/^built \([0-9]*\) pages.*/\1/p')

  hyperfine -N --warmup 1 --runs "$RUNS" --prepare "rm -rf $dir-ladder/public" \
    --export-json "$WORK/rungs.json" "$RUNGS build --root $dir-ladder --output $dir-ladder/public" >/dev/null
  rungs="$(median_s "$WORK/rungs.json") s / $(peak_mib sh -c "rm -rf $dir-ladder/public && $RUNGS build --root $dir-ladder --output $dir-ladder/public") MiB"

  hugo="n/a"
  if have hugo; then
    hyperfine -N --warmup 1 --runs "$RUNS" --prepare "rm -rf $dir-hugo/public" \
      --export-json "$WORK/hugo.json" "hugo --quiet --source $dir-hugo --destination $dir-hugo/public" >/dev/null
    hugo="$(median_s "$WORK/hugo.json") s / $(peak_mib sh -c "rm -rf $dir-hugo/public && hugo --quiet --source $dir-hugo --destination $dir-hugo/public") MiB"
  fi

  mdbook="n/a"
  if have mdbook && [ "$areas" -le 1000 ]; then
    hyperfine -N --warmup 1 --runs "$RUNS" --prepare "rm -rf $dir-mdbook/book" \
      --export-json "$WORK/mdbook.json" "mdbook build $dir-mdbook" >/dev/null
    mdbook="$(median_s "$WORK/mdbook.json") s / $(peak_mib sh -c "rm -rf $dir-mdbook/book && mdbook build $dir-mdbook") MiB"
  fi
  echo "| $levels levels + $areas areas | $pages | $rungs | $hugo | $mdbook |"
done

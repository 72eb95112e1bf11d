#!/usr/bin/env bash
# Goroutine benchmarks: times `mini run` and the Go binary on pingpong.mini (1,000,000
# messages over unbuffered channels between two goroutines) and spawn.mini (100,000 goroutines
# each sending one value), checks that both print the same, reads peak RSS from
# `/usr/bin/time -v`, and replaces the "## Goroutines" section at the end of bench/RESULTS.md.
#
# Usage: bench/goroutines.sh [--runs N] [--no-write]
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$BENCH_DIR")
TARGET_DIR=${CARGO_TARGET_DIR:-$REPO_DIR/target}
MINI="$TARGET_DIR/release/mini"
BENCHES="pingpong spawn"
RUNS=5
WRITE=1

while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift ;;
    --no-write) WRITE=0 ;;
    *) echo "usage: $0 [--runs N] [--no-write]" >&2; exit 2 ;;
  esac
  shift
done

command -v hyperfine >/dev/null || { echo "hyperfine is required" >&2; exit 2; }
command -v go >/dev/null || { echo "go is required" >&2; exit 2; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
(cd "$REPO_DIR" && cargo build --release --quiet)

# median seconds of `$@` over $RUNS runs
median() {
  hyperfine -N --runs "$RUNS" --export-json "$WORK/h.json" "$*" >/dev/null 2>&1
  python3 -c 'import json,sys; print("%.3f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$WORK/h.json"
}

# peak RSS in MiB of one run of `$@`, output to $WORK/out
peak_rss() {
  /usr/bin/time -v "$@" >"$WORK/out" 2>"$WORK/time"
  awk '/Maximum resident set size/ {printf "%.1f", $6 / 1024}' "$WORK/time"
}

rows=""
for b in $BENCHES; do
  mkdir -p "$WORK/$b"
  cp "$BENCH_DIR/$b.mini" "$WORK/$b/$b.go"
  (cd "$WORK/$b" && go build -o "$WORK/$b-go" "$b.go")
  go_rss=$(peak_rss "$WORK/$b-go"); cp "$WORK/out" "$WORK/$b.want"
  mini_rss=$(peak_rss "$MINI" run "$BENCH_DIR/$b.mini")
  cmp -s "$WORK/out" "$WORK/$b.want" || { echo "$b: Mini's output differs from Go's" >&2; exit 1; }
  go_s=$(median "$WORK/$b-go")
  mini_s=$(median "$MINI" run "$BENCH_DIR/$b.mini")
  ratio=$(python3 -c "print('%.2f' % ($mini_s / $go_s))")
  rows+="| $b | $mini_s | $go_s | $ratio | $mini_rss | $go_rss |"$'\n'
done

section="## Goroutines

Written by \`bench/goroutines.sh\` (median of $RUNS runs, whole process; peak RSS from one run).
\`pingpong\`: 1,000,000 messages over unbuffered channels between two goroutines; \`spawn\`:
100,000 goroutines alive at once, each sending one value. Go uses every core (GOMAXPROCS=$(nproc));
Mini runs its goroutines on one thread.

| benchmark | Mini s | Go s | Mini/Go | Mini MiB | Go MiB |
|---|---:|---:|---:|---:|---:|
$rows"
echo "$section"
if [ "$WRITE" = 1 ]; then
  results="$BENCH_DIR/RESULTS.md"
  before=$(sed '/^## Goroutines/,$d' "$results")
  printf '%s\n\n%s' "$before" "$section" >"$results"
  echo "written: bench/RESULTS.md" >&2
fi

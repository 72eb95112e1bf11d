#!/usr/bin/env bash
# Times a function with one `defer` called 10 million times against the same loop without
# the defer, under `mini run` and as a Go binary (hyperfine, medians).
# Usage: bench/defer/run.sh [RUNS]
set -euo pipefail
DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MINI="$DIR/../../target/release/mini"
RUNS=${1:-5}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cmds=()
for p in defer nodefer; do
  cmds+=("$MINI run $DIR/$p.mini")
  if command -v go >/dev/null; then
    mkdir -p "$WORK/$p" && cp "$DIR/$p.mini" "$WORK/$p/main.go"
    (cd "$WORK/$p" && go mod init "$p" >/dev/null 2>&1 && go build -o "$WORK/$p.bin" .)
    cmds+=("$WORK/$p.bin")
  fi
done
hyperfine --warmup 1 --runs "$RUNS" "${cmds[@]}"

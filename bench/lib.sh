# shellcheck shell=bash
# bench/lib.sh: a small bash library for side-by-side command benchmarks.
# Source it:  . "$(dirname "$0")/lib.sh"
#
#   bench_run CASE TOOL RUNS CMD [ARGS...]
#       Runs CMD once as a warm-up (untimed), then RUNS times. Each run's wall time
#       (bash $EPOCHREALTIME around the run, µs resolution) and peak RSS (GNU
#       /usr/bin/time -f %M, KiB) are recorded. stdout goes to /dev/null; on a
#       non-zero exit status the run's stderr is shown and the script aborts.
#       Env BENCH_STDIN (file, default /dev/null) feeds stdin.
#   bench_table [OURS]
#       Prints the Markdown table of everything recorded so far, one row per
#       (case, tool) in recording order:
#       | case | tool | median s | min s | max s | peak RSS MiB | ratio vs ours |
#       ratio = that tool's median / OURS's median for the same case (OURS
#       defaults to $BENCH_OURS, else "ours"), so "25.0" reads "25x slower than ours".
#   bench_ratio CASE TOOL [OURS]   prints that ratio alone (e.g. for a summary line)
#   bench_median CASE TOOL         prints the recorded median in seconds
#   bench_machine                  prints the machine line (date, nproc, CPU, RAM)
#   bench_die MSG...               prints MSG to stderr, exits 1
#
# Peak RSS is the maximum over the timed runs. The wall time includes the
# fork/exec of /usr/bin/time itself (about 1 ms).

BENCH_RESULTS=${BENCH_RESULTS:-$(mktemp "${TMPDIR:-/tmp}/bench-results.XXXXXX")}
BENCH_OURS=${BENCH_OURS:-ours}
BENCH_TIME=${BENCH_TIME:-/usr/bin/time}

bench_die() { echo "bench: $*" >&2; exit 1; }

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

bench_run() {
    [ $# -ge 4 ] || bench_die "usage: bench_run CASE TOOL RUNS CMD [ARGS...]"
    local case=$1 tool=$2 runs=$3 i t0 t1 rss err tf times="" maxrss=0
    shift 3
    bench_require_time
    tf=$(mktemp); err=$(mktemp)
    for ((i = 0; i <= runs; i++)); do   # i = 0 is the warm-up
        t0=$EPOCHREALTIME
        if ! "$BENCH_TIME" -f '%M' -o "$tf" "$@" <"${BENCH_STDIN:-/dev/null}" >/dev/null 2>"$err"; then
            echo "bench: '$case' / '$tool' failed (run $i): $*" >&2
            cat "$err" "$tf" >&2
            rm -f "$tf" "$err"
            exit 1
        fi
        t1=$EPOCHREALTIME
        [ "$i" -eq 0 ] && continue
        rss=$(tail -n 1 "$tf")
        [ "$rss" -gt "$maxrss" ] && maxrss=$rss
        times+="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }')"$'\n'
    done
    rm -f "$tf" "$err"
    local stats
    stats=$(printf '%s' "$times" | bench__stats)
    # case \t tool \t median \t min \t max \t peak RSS KiB \t runs
    # shellcheck disable=SC2086
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$case" "$tool" $stats "$maxrss" "$runs" >>"$BENCH_RESULTS"
    # shellcheck disable=SC2086
    printf 'bench: %-28s %-6s median %s s  (min/max %s / %s s, peak RSS %s KiB, %s runs)\n' \
        "$case" "$tool" $stats "$maxrss" "$runs" >&2
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
    echo "| case | tool | median s | min s | max s | peak RSS MiB | ratio vs ours |"
    echo "|---|---|---:|---:|---:|---:|---:|"
    awk -F'\t' -v ours="$ours" '
        { row[NR] = $0; if ($2 == ours) base[$1] = $3 }
        END {
            for (i = 1; i <= NR; i++) {
                split(row[i], f, "\t")
                r = (f[1] in base && base[f[1]] > 0) ? sprintf("%.1f", f[3] / base[f[1]]) : "n/a"
                if (f[2] == ours) r = "1.0"
                printf "| %s | %s | %.3f | %.3f | %.3f | %.1f | %s |\n",
                    f[1], f[2], f[3], f[4], f[5], f[6] / 1024, r
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

# shellcheck shell=bash
# Sourced by the demos: runs scripts/watch for a run directory in the background and stops it.
#
#   cohort_watch_start RUN_DIR   starts it, waits (at most 30 s) for its address and prints
#                                "live view: http://127.0.0.1:PORT/" (or why there is none);
#                                the demo goes on either way
#   cohort_watch_stop            stops the one started, if any

COHORT_WATCH_PID=""

cohort_watch_start() {
    local run_dir=$1 out scripts
    scripts="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
    # Build first (if needed), so that the wait below is for the server alone.
    # shellcheck source=launch.sh
    source "$scripts/lib/launch.sh"
    if ! cohort_ensure_jar customer-process >/dev/null; then
        echo "live view: not started (the build failed)"
        return 0
    fi
    out=$(mktemp)
    "$scripts/watch" "$run_dir" >"$out" 2>&1 </dev/null &
    COHORT_WATCH_PID=$!
    for _ in $(seq 300); do
        if grep -q '^SUCCESS watching' "$out"; then
            sed -n 's/^SUCCESS watching .* at \(http[^ ]*\)$/live view: \1 (open it in a browser)/p' "$out"
            rm -f "$out"
            return 0
        fi
        kill -0 "$COHORT_WATCH_PID" 2>/dev/null || break
        sleep 0.1
    done
    echo "live view: not started ($(tail -n 1 "$out" 2>/dev/null)); scripts/watch $run_dir starts it by hand"
    cohort_watch_stop
    rm -f "$out"
}

cohort_watch_stop() {
    if [[ -n $COHORT_WATCH_PID ]]; then
        kill "$COHORT_WATCH_PID" 2>/dev/null || true
        wait "$COHORT_WATCH_PID" 2>/dev/null || true
        COHORT_WATCH_PID=""
    fi
}

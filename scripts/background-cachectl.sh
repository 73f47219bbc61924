# Sourced by the scripts that run `cachectl simulate` and `cachectl serve` in the background (bench-proxy.sh,
# Benchmarks/soak-proxy.sh). Needs $BIN (the cachectl binary) and $WORK (a scratch folder, removed at exit
# with every process started here). `start NAME ARGS...` runs cachectl with ARGS and --port-file in the
# background, keeps its pid in PIDS for the clean-up, and waits until it listens: the port is then in
# $WORK/NAME.port. `start_proxy_on_simulator DB ARGS...` starts the simulator and, in front of it, `cachectl
# serve --db DB ARGS...`, and sets SIM_PORT, PROXY_PORT and PROXY_PID.
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

start() {
    local name="$1"
    shift
    "$BIN" "$@" --port 0 --port-file "$WORK/$name.port" >"$WORK/$name.log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 1 300); do
        [ -s "$WORK/$name.port" ] && return 0
        sleep 0.1
    done
    echo "$(basename "$0"): $name did not start" >&2
    cat "$WORK/$name.log" >&2
    exit 1
}

start_proxy_on_simulator() {
    local database="$1"
    shift
    start simulator simulate
    SIM_PORT="$(cat "$WORK/simulator.port")"
    start proxy serve --db "$database" "$@" \
        --anthropic-base-url "http://127.0.0.1:$SIM_PORT" --openai-base-url "http://127.0.0.1:$SIM_PORT/v1"
    PROXY_PORT="$(cat "$WORK/proxy.port")"
    PROXY_PID="${PIDS[1]}"
}

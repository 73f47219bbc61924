#!/usr/bin/env bash
# Checks the provider simulator and the caching proxy against the official Python SDKs: installs `anthropic`
# and `openai` into a throw-away virtual environment, starts `cachectl simulate` on a free port and runs
# scripts/sdk_check.py, then starts `cachectl serve` in front of the simulator (with a throw-away database)
# and runs scripts/sdk_proxy_check.py and the fidelity matrix scripts/sdk_fidelity_check.py. Exits non-zero on any failure; always stops both servers and removes
# the environment.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

BIN="${CACHECTL:-$(swift build --show-bin-path)/cachectl}"
if [ ! -x "$BIN" ]; then
    swift build --product cachectl
fi

WORK="$(mktemp -d)"
SIM_PID=""
PROXY_PID=""
stop_process() {
    local pid="$1"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
}
cleanup() {
    stop_process "$PROXY_PID"
    stop_process "$SIM_PID"
    rm -rf "$WORK"
}
trap cleanup EXIT

# wait_for_port NAME PID PORT_FILE LOG: waits until the server writes its port, or fails with its log.
wait_for_port() {
    local name="$1" pid="$2" file="$3" log="$4"
    for _ in $(seq 1 200); do
        [ -s "$file" ] && return 0
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "sdk-check: the $name exited before listening:" >&2
            cat "$log" >&2
            exit 1
        fi
        sleep 0.1
    done
    echo "sdk-check: the $name did not report a port" >&2
    exit 1
}

if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    if [ "$(id -u)" -eq 0 ]; then
        echo "sdk-check: installing python3-venv"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv >/dev/null
    else
        echo "sdk-check: python3 cannot create virtual environments; install python3-venv" >&2
        exit 1
    fi
fi

echo "sdk-check: creating a virtual environment and installing anthropic and openai"
python3 -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install --quiet --disable-pip-version-check anthropic openai
"$WORK/venv/bin/python" -c 'import anthropic, openai; print("sdk-check: anthropic", anthropic.__version__, "openai", openai.__version__)'

"$BIN" simulate --port 0 --port-file "$WORK/port" >"$WORK/simulator.log" 2>&1 &
SIM_PID=$!
wait_for_port simulator "$SIM_PID" "$WORK/port" "$WORK/simulator.log"
PORT="$(cat "$WORK/port")"
echo "sdk-check: simulator on port $PORT"

status=0
"$WORK/venv/bin/python" scripts/sdk_check.py --base-url "http://127.0.0.1:$PORT" || status=$?
if [ "$status" -ne 0 ]; then
    echo "sdk-check: FAILED (simulator log follows)" >&2
    cat "$WORK/simulator.log" >&2
    exit "$status"
fi

"$BIN" serve --port 0 --port-file "$WORK/proxy-port" --db "$WORK/proxy.sqlite" \
    --anthropic-base-url "http://127.0.0.1:$PORT" --openai-base-url "http://127.0.0.1:$PORT/v1" \
    >"$WORK/proxy.log" 2>&1 &
PROXY_PID=$!
wait_for_port proxy "$PROXY_PID" "$WORK/proxy-port" "$WORK/proxy.log"
PROXY_PORT="$(cat "$WORK/proxy-port")"
echo "sdk-check: proxy on port $PROXY_PORT in front of the simulator"
"$WORK/venv/bin/python" scripts/sdk_proxy_check.py \
    --proxy-url "http://127.0.0.1:$PROXY_PORT" --simulator-url "http://127.0.0.1:$PORT" || status=$?
"$WORK/venv/bin/python" scripts/sdk_fidelity_check.py \
    --proxy-url "http://127.0.0.1:$PROXY_PORT" --simulator-url "http://127.0.0.1:$PORT" || status=$?
if [ "$status" -ne 0 ]; then
    echo "sdk-check: proxy check FAILED (proxy log follows)" >&2
    cat "$WORK/proxy.log" >&2
fi
exit "$status"

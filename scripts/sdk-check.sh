#!/usr/bin/env bash
# Checks the provider simulator against the official Python SDKs: installs `anthropic` and `openai` into a
# throw-away virtual environment, starts `cachectl simulate` on a free port, and runs scripts/sdk_check.py.
# Exits non-zero on any failure; always stops the simulator and removes the environment.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

BIN="${CACHECTL:-$(swift build --show-bin-path)/cachectl}"
if [ ! -x "$BIN" ]; then
    swift build --product cachectl
fi

WORK="$(mktemp -d)"
SIM_PID=""
cleanup() {
    if [ -n "$SIM_PID" ] && kill -0 "$SIM_PID" 2>/dev/null; then
        kill -TERM "$SIM_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$SIM_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$SIM_PID" 2>/dev/null || true
        wait "$SIM_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

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
for _ in $(seq 1 200); do
    [ -s "$WORK/port" ] && break
    if ! kill -0 "$SIM_PID" 2>/dev/null; then
        echo "sdk-check: the simulator exited before listening:" >&2
        cat "$WORK/simulator.log" >&2
        exit 1
    fi
    sleep 0.1
done
if [ ! -s "$WORK/port" ]; then
    echo "sdk-check: the simulator did not report a port" >&2
    exit 1
fi
PORT="$(cat "$WORK/port")"
echo "sdk-check: simulator on port $PORT"

status=0
"$WORK/venv/bin/python" scripts/sdk_check.py --base-url "http://127.0.0.1:$PORT" || status=$?
if [ "$status" -ne 0 ]; then
    echo "sdk-check: FAILED (simulator log follows)" >&2
    cat "$WORK/simulator.log" >&2
fi
exit "$status"

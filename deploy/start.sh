#!/usr/bin/env bash
# Scale out on one machine: N Streamlit processes behind nginx, with sticky sessions.
#
#   DATABASE_URL=postgresql+psycopg://USER:PASSWORD@HOST:5432/DB deploy/start.sh [N]
#
# N is the number of Streamlit processes (default: the number of cores, `nproc`). One per
# core, because more did not help: on a 2-core machine a speaker-paced room of 500 gave
# "see results" p95 7.9 s on 2 processes, 11.8 s on 3 and 8.3 s on 4, for the same CPU
# (each process runs scripts under one interpreter lock, so it uses about one core, and the
# burst at the end of a room is CPU-bound). docs/deploy.md has the sizing table.
# Each runs `streamlit run asgi.py` (app.py as an st.App, through serve.py, which only
# turns Nagle's algorithm off) on 127.0.0.1; nginx listens on NW_LISTEN and pins every browser to
# one process with a cookie (deploy/nginx.conf.template says why). Ctrl-C or SIGTERM
# stops nginx and every process; if any of them dies, the others are stopped too.
#
# Environment:
#   DATABASE_URL    required, shared by all processes. SQLite is refused for N > 1:
#                   the processes would share one file over one lock.
#   NW_LISTEN       where nginx listens: PORT or ADDRESS:PORT (default 8080).
#                   Use 0.0.0.0:80 (as root) to serve the network directly.
#   NW_FIRST_PORT   first Streamlit port (default 8501): N ports from there up.
#   NW_RUN_DIR      nginx's prefix: rendered config, pid, logs, temp, and each
#                   process's log (default: a new directory under /tmp).
#   NGINX           the nginx binary (default: nginx on PATH, else /usr/sbin/nginx).
#   PUBLIC_URL and the other settings in README.md pass through to every process.
#
# Needs: the venv (scripts/run creates it) and nginx (Debian: apt-get install -y nginx;
# the system nginx service is not used and need not run). See docs/deploy.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

die() {
    echo "deploy/start.sh: $*" >&2
    exit 1
}

PY=.venv/bin/python
[[ -x "$PY" ]] || die ".venv is missing: run scripts/run once (it creates and installs it)"

N="${1:-$(nproc)}"
[[ "$N" =~ ^[1-9][0-9]*$ ]] || die "the number of processes must be a positive integer, not '$N'"

[[ -n "${DATABASE_URL:-}" ]] || die "set DATABASE_URL to the database all processes share, e.g.
  DATABASE_URL=postgresql+psycopg://USER:PASSWORD@HOST:5432/DB deploy/start.sh $N"
if [[ "$DATABASE_URL" == sqlite* && "$N" -gt 1 ]]; then
    die "DATABASE_URL is SQLite, which $N processes cannot share well (one file, one writer lock).
  Use PostgreSQL, e.g. DATABASE_URL=postgresql+psycopg://USER:PASSWORD@HOST:5432/DB, or run 1 process."
fi
export DATABASE_URL

NGINX="${NGINX:-$(command -v nginx || true)}"
if [[ -z "$NGINX" && -x /usr/sbin/nginx ]]; then
    NGINX=/usr/sbin/nginx # not on a normal user's PATH on Debian
fi
[[ -n "$NGINX" && -x "$NGINX" ]] || die "nginx not found (Debian: apt-get install -y nginx)"

LISTEN="${NW_LISTEN:-8080}"
FIRST_PORT="${NW_FIRST_PORT:-8501}"
[[ "$FIRST_PORT" =~ ^[0-9]+$ ]] || die "NW_FIRST_PORT must be a port number"
RUN_DIR="${NW_RUN_DIR:-$(mktemp -d /tmp/networking-works.XXXXXX)}"
mkdir -p "$RUN_DIR"
# Private: it holds the logs and the rendered config. nginx's workers (nobody, under
# root) need nothing in it: the master opens the logs, and bodies and responses stay
# in memory (see the template).
chmod 700 "$RUN_DIR"
umask 077

# nginx (deploy/nginx.conf.template) sets X-Real-IP and X-Forwarded-For on every request,
# and the processes listen on 127.0.0.1 only: the app may believe them. Without this every
# client is the proxy, one client, and one person's wrong passphrases lock out every
# speaker, "rooms per client" becomes rooms per server.
export NW_TRUST_PROXY_HEADERS=1

# Every process signs cookies with the same secret, so none of them is special.
if [[ -z "${STREAMLIT_SERVER_COOKIE_SECRET:-}" ]]; then
    STREAMLIT_SERVER_COOKIE_SECRET="$("$PY" -c 'import secrets; print(secrets.token_hex(32))')"
    export STREAMLIT_SERVER_COOKIE_SECRET
fi

pids=()
stopping=0
stop_all() {
    ((stopping)) && return
    stopping=1
    trap - INT TERM
    if ((${#pids[@]})); then
        echo "==> Stopping nginx and ${N} Streamlit process(es)"
        kill -TERM "${pids[@]}" 2>/dev/null || true
        wait "${pids[@]}" 2>/dev/null || true
    fi
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap stop_all EXIT

# wait_healthy URL SECONDS PID: poll Streamlit's health endpoint (directly or through
# nginx) until it answers "ok"; give up early when process PID has exited.
wait_healthy() {
    "$PY" - "$1" "$2" "$3" <<'EOF'
import sys, time, urllib.request
from pathlib import Path
url, deadline = sys.argv[1], time.monotonic() + float(sys.argv[2])
stat = Path(f"/proc/{sys.argv[3]}/stat")
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback only
while time.monotonic() < deadline:
    try:
        if stat.read_text().split(") ", 1)[1][0] in "ZX":
            sys.exit(1)  # exited, not yet reaped
    except (OSError, IndexError):
        sys.exit(1)
    try:
        with opener.open(url, timeout=2) as response:
            if response.read() == b"ok":
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.25)
sys.exit(1)
EOF
}

ports=()
for ((i = 0; i < N; i++)); do
    port=$((FIRST_PORT + i))
    ports+=("$port")
    echo "==> Streamlit on 127.0.0.1:$port (log: $RUN_DIR/streamlit-$port.log)"
    "$PY" serve.py --server.port "$port" --server.address 127.0.0.1 \
        --server.headless true >"$RUN_DIR/streamlit-$port.log" 2>&1 &
    pids+=("$!")
done
for i in "${!ports[@]}"; do
    port="${ports[$i]}"
    wait_healthy "http://127.0.0.1:$port/_stcore/health" 60 "${pids[$i]}" ||
        die "Streamlit on port $port did not become healthy; see $RUN_DIR/streamlit-$port.log"
done

backends=()
for port in "${ports[@]}"; do backends+=(--backend "$port"); done
conf="$("$PY" deploy/render_nginx.py --listen "$LISTEN" "${backends[@]}" --prefix "$RUN_DIR")"
nginx_cmd=("$NGINX" -p "$RUN_DIR/" -c "$conf" -g 'daemon off;')
"${nginx_cmd[@]}" -t -q || die "nginx rejected $conf"
echo "==> nginx on $LISTEN (config: $conf, logs: $RUN_DIR/logs)"
"${nginx_cmd[@]}" &
pids+=("$!")

# Check through nginx itself: on loopback when it listens on every address.
address="${LISTEN%:*}"
[[ "$LISTEN" == *:* && "$address" != 0.0.0.0 && "$address" != "[::]" ]] || address=127.0.0.1
host="$address:${LISTEN##*:}"
wait_healthy "http://$host/_stcore/health" 15 "${pids[-1]}" ||
    die "nginx does not answer on $LISTEN; see $RUN_DIR/logs/error.log"
echo "==> Ready: http://$host/ ($N process(es)). Ctrl-C stops everything."

# Run until a signal arrives or any process exits; then stop the rest.
set +e
wait -n "${pids[@]}"
status=$?
set -e
if ((!stopping)); then
    echo "deploy/start.sh: a process exited (status $status); stopping the others" >&2
    exit 1
fi

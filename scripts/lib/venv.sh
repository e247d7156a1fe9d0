# shellcheck shell=bash
# Sourced by scripts/run and scripts/test (from the repo root): the project's .venv,
# installed exactly from requirements.lock. Not a command of its own.

VENV=.venv
LOCK=requirements.lock

# Create $VENV with $PYTHON (default python3) unless it exists.
ensure_venv() {
    local python="${PYTHON:-python3}"
    [[ -x "$VENV/bin/python" ]] && return 0
    if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        echo "error: $python is missing or older than 3.11 (set PYTHON=/path/to/python3.11)" >&2
        exit 1
    fi
    echo "==> Creating $VENV"
    "$python" -m venv "$VENV" || {
        echo "error: could not create a venv (on Debian/Ubuntu: apt-get install python3-venv)" >&2
        exit 1
    }
}

# Make $VENV hold exactly what $LOCK pins (runtime and test tools alike) plus this
# project, editable. Runs only when the lock changed since the last successful install.
install_locked() {
    local stamp="$VENV/.nw-installed" want
    want="$(sha256sum "$LOCK" | cut -d' ' -f1)"
    [[ "$(cat "$stamp" 2>/dev/null)" == "$want" ]] && return 0
    echo "==> Installing dependencies from $LOCK"
    local pip=("$VENV/bin/python" -m pip --disable-pip-version-check --quiet)
    # The lock carries hashes, so pip checks every file against them (--require-hashes).
    "${pip[@]}" install --require-hashes -r "$LOCK"
    "${pip[@]}" install --no-deps -e .
    # Remove what an older lock installed and this one no longer pins.
    "$VENV/bin/python" - "$LOCK" <<'EOF'
import importlib.metadata as md
import re
import subprocess
import sys


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


with open(sys.argv[1], encoding="utf-8") as lock:
    pinned = {norm(m[1]) for m in re.finditer(r"^([A-Za-z0-9][\w.-]*)==", lock.read(), re.M)}
keep = pinned | {"pip", "setuptools", "wheel", "networking-works"}
extra = sorted({norm(d.metadata["Name"]) for d in md.distributions()} - keep)
if extra:
    print("==> Removing packages the lock no longer pins:", " ".join(extra))
    cmd = [sys.executable, "-m", "pip", "uninstall", "--quiet", "--yes", *extra]
    subprocess.run(cmd, check=True)
EOF
    rm -f "$VENV/.nw-installed-test" # stamp of the days when scripts/test installed more
    echo "$want" >"$stamp"
}

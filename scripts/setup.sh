#!/usr/bin/env bash
# Creates everything the project needs on a fresh machine; idempotent.
#   .tools/     a tiny venv holding the pinned uv
#   .venv/      the dev environment (uv.lock): kinbase editable + pinned dev tools
#   .venv-kinto/ the real Kinto server (pinned in tests/servers/kinto-requirements.txt),
#                kept apart because its dependencies are not ours to choose
#   redis-server Debian's package, for the Redis session store tests (installed if missing)
#   .tools/bin/gotrue the real GoTrue (pinned in tests/servers/gotrue-version.txt), built by
#                scripts/build-gotrue.sh when Go and the module proxy allow it
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
UV_VERSION=0.13.9
export UV_CACHE_DIR=${UV_CACHE_DIR:-$PWD/.cache/uv}
export UV_PYTHON_DOWNLOADS=never

if [ ! -x .tools/bin/uv ] || [ "$(.tools/bin/uv --version | cut -d' ' -f2)" != "$UV_VERSION" ]; then
  "$PY" -m venv .tools
  .tools/bin/pip install -q --disable-pip-version-check "uv==$UV_VERSION"
fi
UV=.tools/bin/uv

# --reinstall-package: the editable install records the package folders that exist now
"$UV" sync --frozen --python "$PY" -q --reinstall-package kinbase

stamp=.venv-kinto/.requirements.sha
want=$(sha256sum tests/servers/kinto-requirements.txt | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  "$UV" venv -q --allow-existing --python "$PY" .venv-kinto
  "$UV" pip install -q --compile-bytecode --python .venv-kinto/bin/python -r tests/servers/kinto-requirements.txt
  echo "$want" > "$stamp"
fi
# The Redis session-store tests start a private redis-server (tests/servers/redis.py).
# As root, or through sudo when it needs no password (CI runners); else it says what to run.
if ! command -v redis-server >/dev/null 2>&1 && [ ! -x /usr/bin/redis-server ]; then
  as_root=()
  if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  fi
  if { [ "$(id -u)" = 0 ] || [ ${#as_root[@]} -gt 0 ]; } && command -v apt-get >/dev/null 2>&1; then
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq --no-install-recommends redis-server >/dev/null
  else
    echo "setup: redis-server is missing (apt-get install redis-server); the Redis tests will skip" >&2
  fi
fi
./scripts/build-gotrue.sh
echo "setup: .venv and .venv-kinto ready"

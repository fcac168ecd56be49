#!/usr/bin/env bash
# Creates everything the project needs on a fresh machine; idempotent.
#   .tools/     a tiny venv holding the pinned uv
#   .venv/      the dev environment (uv.lock): kinbase editable + pinned dev tools
#   .venv-kinto/ the real Kinto server (pinned in tests/servers/kinto-requirements.txt),
#                kept apart because its dependencies are not ours to choose
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
echo "setup: .venv and .venv-kinto ready"

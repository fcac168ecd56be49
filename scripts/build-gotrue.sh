#!/usr/bin/env bash
# Builds the pinned real GoTrue (tests/servers/gotrue-version.txt) into .tools/bin/gotrue.
# Idempotent: rebuilds only when the pin changes; Go's module and build caches are reused.
# `go install mod@rev` refuses supabase/auth (its go.mod has a replace directive), so the
# module is downloaded into the module cache and built from a writable copy, with the version
# stamped into internal/utilities.Version so that `gotrue version` prints it.
# Never fails setup: when Go is missing or the module proxy or the build refuses, it says so
# (the exact command and message, in full the first time) and the tests use tests/authserver.
set -uo pipefail
cd "$(dirname "$0")/.."
pin_file=tests/servers/gotrue-version.txt
pin() { sed -n "s/^$1=//p" "$pin_file"; }
module=$(pin module) commit=$(pin commit) version=$(pin version)
repo=$PWD
bin=.tools/bin/gotrue
stamp=.tools/gotrue.pin
blocked=.tools/gotrue.blocked
want=$(sha256sum "$pin_file" | cut -d' ' -f1)
mkdir -p .tools/bin

if [ -x "$bin" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi

say_blocked() {  # $1: the command, $2: its output
  local report
  report=$(printf 'pin %s\ncommand: %s\n%s\n' "$want" "$1" "$2")
  if [ -f "$blocked" ] && [ "$(cat "$blocked")" = "$report" ]; then
    echo "setup: real GoTrue $version not built (blocked as before, see $blocked); tests use tests/authserver"
  else
    printf '%s\n' "$report" > "$blocked"
    echo "setup: BLOCKED building real GoTrue $version ($module@$commit):"
    echo "  \$ $1"
    printf '%s\n' "$2" | sed 's/^/  /'
    echo "setup: continuing without it; the tests use the GoTrue double tests/authserver"
  fi
  exit 0
}

if ! command -v go > /dev/null; then
  say_blocked "command -v go" "go is not installed (GoTrue needs Go 1.26)"
fi

cmd="go mod download -json $module@$commit"
# Outside any module, bounded: a refusing proxy answers at once, a hanging one is cut off.
out=$(cd /tmp && GOFLAGS=-mod=mod timeout 600 $cmd 2>&1)
rc=$?
dir=$(printf '%s' "$out" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
if [ $rc -ne 0 ] || [ -z "$dir" ] || [ ! -d "$dir" ]; then
  say_blocked "$cmd" "$out"
fi

work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2> /dev/null; rm -rf "$work"' EXIT
cp -r "$dir/." "$work/src" && chmod -R u+w "$work/src"
cmd="go build -trimpath -ldflags '-X $module/internal/utilities.Version=$version' -o $repo/$bin.new ."
out=$(cd "$work/src" && timeout 1800 go build -trimpath \
  -ldflags "-X $module/internal/utilities.Version=$version" -o "$repo/$bin.new" . 2>&1)
if [ $? -ne 0 ]; then
  rm -f "$bin.new"
  say_blocked "(in a copy of $dir) $cmd" "$out"
fi
mv "$bin.new" "$bin"
echo "$want" > "$stamp"
rm -f "$blocked"
echo "setup: real GoTrue built: $("$bin" version 2> /dev/null | tail -1) in $bin"

#!/usr/bin/env bash
# Builds what `npm run cluster` runs besides the app, from the Go module proxy,
# into tools/bin (git-ignored), as scripts/ensure-tools.sh does for the dev
# server. Only the cluster needs them, so `npm start` never waits for them.
#   temporal-server     go.temporal.io/server/cmd/server             (frontend, history, matching, worker)
#   temporal-sql-tool   go.temporal.io/server/cmd/tools/sql          (schema set-up; carries the schema files)
#   temporal-ui-server  github.com/temporalio/ui-server/v2/cmd/server (Web UI; its assets come built in the module)
# Idempotent and quick when cached (a stamp of the versions). The first build
# takes several minutes of both cores; Go's module and build caches make a
# rebuild (a new clone, a wiped tools/) a matter of seconds.
#
# Options: --no-ui  skip the Web UI (CI's cluster tests do not use it).
# Overrides: TEMPORAL_SERVER_PATH, TEMPORAL_SQL_TOOL_PATH, TEMPORAL_UI_SERVER_PATH.
set -euo pipefail

# Keep in step with ensure-tools.sh (the dev server is CLI 1.5.1 = server 1.29.1, UI 2.42.1)
# and with the image tags in docker-compose.yml.
TEMPORAL_SERVER_VERSION=1.29.1
TEMPORAL_UI_VERSION=2.42.1

with_ui=1
for arg in "$@"; do
  case $arg in
    --no-ui) with_ui=0 ;;
    *) echo "usage: $0 [--no-ui]" >&2; exit 2 ;;
  esac
done

cd "$(dirname "${BASH_SOURCE[0]}")/.."
TOOLS=$PWD/tools
BIN=$TOOLS/bin
mkdir -p "$BIN"

log() { echo "[ensure-cluster-tools] $*"; }

exec 9>"$TOOLS/.cluster-lock"
flock 9

[[ -d /usr/local/go/bin ]] && PATH=$PATH:/usr/local/go/bin

# Builds one Go main package into tools/bin/<name>. Both Temporal mains are
# called `server`, so each is installed into a directory of its own and renamed.
build() {
  local name=$1 package=$2 version=$3 override=$4
  local target=$BIN/$name stamp=$TOOLS/$name.stamp
  if [[ -n $override ]]; then
    log "$name: $override (override)"
    return
  fi
  if [[ -x $target && -f $stamp && $(cat "$stamp") == "$package@$version" ]]; then
    log "$name: $target (cached)"
    return
  fi
  if ! command -v go >/dev/null; then
    log "go is not installed (needed to build $name)" >&2
    exit 1
  fi
  log "building $name from $package@$version with $(go version | cut -d' ' -f3) (first time: several minutes)"
  local start=$SECONDS gobin
  gobin=$(mktemp -d "$TOOLS/.gobin-XXXXXX")
  # -s -w: no symbol tables, a smaller binary and a shorter link.
  if ! GOBIN=$gobin GOFLAGS=-buildvcs=false go install -ldflags='-s -w' "$package@$version"; then
    rm -rf "$gobin"
    return 1
  fi
  mv "$gobin/$(basename "$package")" "$target"
  rm -rf "$gobin"
  echo "$package@$version" >"$stamp"
  log "built $target in $((SECONDS - start)) s"
}

build temporal-server go.temporal.io/server/cmd/server "v$TEMPORAL_SERVER_VERSION" "${TEMPORAL_SERVER_PATH:-}"
build temporal-sql-tool go.temporal.io/server/cmd/tools/sql "v$TEMPORAL_SERVER_VERSION" "${TEMPORAL_SQL_TOOL_PATH:-}"
if [[ $with_ui == 1 ]]; then
  # The UI is a convenience: without it the cluster runs, and says so.
  build temporal-ui-server github.com/temporalio/ui-server/v2/cmd/server "v$TEMPORAL_UI_VERSION" \
    "${TEMPORAL_UI_SERVER_PATH:-}" || log "could not build the Temporal Web UI; the cluster runs without it" >&2
fi

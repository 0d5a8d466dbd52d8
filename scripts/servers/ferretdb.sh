#!/usr/bin/env bash
# FerretDB (MongoDB wire protocol over SQLite) for the read-store contract suite.
#   scripts/servers/ferretdb.sh install   build the binary into .cache/go/bin (idempotent)
#   scripts/servers/ferretdb.sh start     start on a free loopback port; prints MONGODB_URL=... on stdout
#   scripts/servers/ferretdb.sh stop      stop the server started by `start`
# FERRETDB_NAME (default "ferretdb") names an instance: its pid/port/log files and data folder,
# so test runs can start private instances beside a developer's. FERRETDB_DATA_DIR overrides the
# data folder. Everything lives under .cache/ (ignored by git). Logs go to stderr so stdout
# stays parseable.
set -euo pipefail

VERSION="v1.24.2"
# shellcheck source=scripts/servers/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
servers_init ferretdb.sh FERRETDB_NAME ferretdb FerretDB
BIN_DIR="$CACHE/go/bin"
DATA_DIR="${FERRETDB_DATA_DIR:-$CACHE/ferretdb-data/$NAME}"

find_binary() {
  if [[ -x "$BIN_DIR/ferretdb" ]]; then echo "$BIN_DIR/ferretdb"; return 0; fi
  if command -v go >/dev/null 2>&1; then
    local gopath_bin
    gopath_bin="$(go env GOPATH)/bin/ferretdb"
    if [[ -x "$gopath_bin" ]]; then echo "$gopath_bin"; return 0; fi
  fi
  if command -v ferretdb >/dev/null 2>&1; then command -v ferretdb; return 0; fi
  return 1
}

install() {
  if find_binary >/dev/null; then
    log "already installed: $(find_binary)"
    return 0
  fi
  command -v go >/dev/null 2>&1 || { log "Go is required to build FerretDB (https://go.dev/dl/)"; exit 1; }
  mkdir -p "$BIN_DIR"
  log "building FerretDB $VERSION (compiles; a few minutes on a cold Go cache)"
  # `go install pkg@version` is not used: it also asks the proxy for the module's version list
  # (deprecation check), which some proxies refuse, and the binary it builds panics at start-up
  # because build/version/version.txt is empty in the module zip. So: download the pinned
  # module, copy it to a writable folder, write version.txt, build.
  local dir src="$CACHE/ferretdb-src"
  dir="$(cd "$CACHE" && GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@$VERSION" \
    | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [[ -n "$dir" && -d "$dir" ]] || { log "could not download github.com/FerretDB/FerretDB@$VERSION"; exit 1; }
  rm -rf "$src"
  cp -r "$dir" "$src"
  chmod -R u+w "$src"
  echo "$VERSION" >"$src/build/version/version.txt"
  (cd "$src" && GOFLAGS=-buildvcs=false go build -o "$BIN_DIR/ferretdb" ./cmd/ferretdb) >&2
  rm -rf "$src"
  log "installed $BIN_DIR/ferretdb"
}

wait_for_port() {
  local port="$1" pid="$2" ready=0
  await_ready 100 0.1 "$pid" tcp_open "$port" || ready=$?
  [[ "$ready" == 1 ]] && log "FerretDB did not accept connections on 127.0.0.1:$port within 10 s"
  return "$ready"
}

start() {
  if is_running; then
    echo "MONGODB_URL=mongodb://127.0.0.1:$(cat "$PORT_FILE")/"
    return 0
  fi
  local bin
  bin="$(find_binary)" || { log "FerretDB not installed; run: $0 install"; exit 1; }
  mkdir -p "$SERVERS_DIR" "$DATA_DIR"
  local port
  port="$(free_port)"
  # The debug/metrics listener defaults to a fixed port (8088): give it a free one too, so
  # several instances (CI's and a test's private one) can run side by side.
  local debug_port
  debug_port="$(free_port)"
  nohup "$bin" --handler=sqlite --sqlite-url="file:$DATA_DIR/" --listen-addr="127.0.0.1:$port" \
    --debug-addr="127.0.0.1:$debug_port" --telemetry=disable --log-level=warn >"$LOG_FILE" 2>&1 &
  local pid=$!
  echo "$pid" >"$PID_FILE"
  echo "$port" >"$PORT_FILE"
  if ! wait_for_port "$port" "$pid"; then
    kill "$pid" 2>/dev/null || true
    rm -f "$PID_FILE" "$PORT_FILE"
    exit 1
  fi
  echo "MONGODB_URL=mongodb://127.0.0.1:$port/"
}

stop() { stop_server 50; }

servers_main "$@"

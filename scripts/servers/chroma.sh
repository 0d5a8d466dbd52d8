#!/usr/bin/env bash
# Chroma for the agent-memory contract suite, from the `chromadb` npm package (its `chroma` CLI).
#   scripts/servers/chroma.sh install   make sure the npm package and its native bindings are installed (idempotent)
#   scripts/servers/chroma.sh start     start on a free loopback port; the LAST stdout line is CHROMA_URL=...
#   scripts/servers/chroma.sh stop      stop the server started by `start`
# CHROMA_NAME (default "chroma") names an instance (its pid/port/log files and data folder), so
# test runs can start private instances beside a developer's. Data lives in .cache/servers/<name>-data.
# The bindings are pinned to 1.0.1 in package.json (overrides): newer builds need glibc >= 2.38.
# Logs go to stderr and to .cache/servers/<name>.log so stdout stays parseable.
set -euo pipefail

# shellcheck source=scripts/servers/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
servers_init chroma.sh CHROMA_NAME chroma Chroma
DATA_DIR="$SERVERS_DIR/$NAME-data"
BIN="$ROOT/node_modules/.bin/chroma"

installed() {
  [[ -x "$BIN" ]] && (cd "$ROOT" && node -e 'require("chromadb-js-bindings-linux-x64-gnu")' >/dev/null 2>&1 || [[ "$(uname -m)" != "x86_64" ]])
}

install() {
  if installed; then
    log "already installed: $BIN"
    return 0
  fi
  log "installing the npm dependencies (chromadb and its bindings)"
  (cd "$ROOT" && npm install --no-audit --no-fund >&2)
  installed || { log "npm install finished but $BIN (or its native bindings) is still missing"; exit 1; }
  log "installed $BIN"
}

heartbeat() {
  node -e '
    fetch(`http://127.0.0.1:${process.argv[1]}/api/v2/heartbeat`, { signal: AbortSignal.timeout(1000) })
      .then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1));
  ' "$1"
}

start() {
  if is_running && heartbeat "$(cat "$PORT_FILE")"; then
    echo "CHROMA_URL=http://127.0.0.1:$(cat "$PORT_FILE")"
    return 0
  fi
  [[ -x "$BIN" ]] || { log "chroma CLI not installed; run: $0 install"; exit 1; }
  mkdir -p "$SERVERS_DIR" "$DATA_DIR"
  rm -f "$PID_FILE"
  local port
  port="$(free_port)"
  echo "$port" >"$PORT_FILE"
  # setsid detaches the server from this shell, so it outlives the script and `stop` can end it by pid.
  setsid "$BIN" run --path "$DATA_DIR" --host 127.0.0.1 --port "$port" >>"$LOG_FILE" 2>&1 </dev/null &
  echo $! >"$PID_FILE"
  local ready=0
  await_ready 300 0.1 "$(cat "$PID_FILE")" heartbeat "$port" || ready=$?
  if [[ "$ready" == 0 ]]; then
    echo "CHROMA_URL=http://127.0.0.1:$port"
    return 0
  fi
  if [[ "$ready" == 1 ]]; then
    log "Chroma did not answer its heartbeat on 127.0.0.1:$port within 30 s; last log lines:"
    tail -n 20 "$LOG_FILE" >&2 || true
  fi
  is_running && kill "$(cat "$PID_FILE")" 2>/dev/null || true
  rm -f "$PID_FILE" "$PORT_FILE"
  exit 1
}

stop() { stop_server 50; }

servers_main "$@"

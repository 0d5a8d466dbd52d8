#!/usr/bin/env bash
# Apache Kafka 4 (single-node KRaft) for the messaging contract suite and the relay specs.
#   scripts/servers/kafka.sh install            resolve the broker jars from Maven Central into .cache/kafka/libs (idempotent)
#   scripts/servers/kafka.sh start              start on free loopback ports; the last stdout line is KAFKA_BROKERS=127.0.0.1:P
#   scripts/servers/kafka.sh stop [--keep-data] stop it; without --keep-data its data and ports are removed too
# `stop --keep-data` then `start` restarts the same broker (same ports, same log): specs use it to
# prove nothing is lost across a broker restart. KAFKA_NAME (default "kafka") names an instance:
# its pid/port/log files and data folder, so test runs can start private brokers beside a
# developer's. Everything lives under .cache/ (ignored by git). Logs go to stderr so stdout stays
# parseable.
set -euo pipefail

# shellcheck source=scripts/servers/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
servers_init kafka.sh KAFKA_NAME kafka Kafka
HERE="$ROOT/scripts/servers/kafka"
LIBS="$CACHE/kafka/libs"
# Two ports (broker, controller) on one line, so not lib.sh's PORT_FILE.
PORTS_FILE="$SERVERS_DIR/$NAME.ports"
STOP_USAGE=" [--keep-data]"
DATA_DIR="$CACHE/kafka-data/$NAME"
PROPS="$DATA_DIR/server.properties"
HEAP="${KAFKA_HEAP:-512m}"

pom_digest() { sha256sum "$HERE/pom.xml" | cut -d' ' -f1; }

installed() {
  [[ -f "$LIBS/.pom.sha256" && "$(cat "$LIBS/.pom.sha256")" == "$(pom_digest)" ]] && compgen -G "$LIBS/kafka_2.13-*.jar" >/dev/null
}

install() {
  if installed; then
    log "already installed: $LIBS"
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || { log "Maven (mvn) is required to fetch Kafka from Maven Central"; exit 1; }
  command -v java >/dev/null 2>&1 || { log "Java 17+ is required to run Kafka"; exit 1; }
  log "resolving Kafka from Maven Central (first run downloads ~60 MB)"
  rm -rf "$LIBS"
  mkdir -p "$LIBS"
  mvn -q -B -f "$HERE/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$LIBS" >&2
  # Written last: an interrupted download is not mistaken for an installation.
  pom_digest >"$LIBS/.pom.sha256"
  log "installed $(ls "$LIBS" | wc -l) jars into $LIBS"
}

# A small heap and the client compiler: the test broker shares two cores with jest.
JAVA_OPTS=("-Xmx$HEAP" "-Xms$HEAP" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 "-Dlog4j2.configurationFile=$HERE/log4j2.properties" -cp "$LIBS/*")

# The port answering is not enough: the broker must serve metadata (the controller elected
# itself and the broker registered), or the first client request fails.
broker_ready() {
  (cd "$ROOT" && node -e '
    const { Kafka, logLevel } = require("kafkajs");
    const admin = new Kafka({ brokers: [process.argv[1]], logLevel: logLevel.NOTHING, retry: { retries: 0 }, connectionTimeout: 1000 }).admin();
    admin.connect().then(() => admin.describeCluster()).then((c) => admin.disconnect().then(() => process.exit(c.brokers.length > 0 ? 0 : 1)), () => process.exit(1));
  ' "127.0.0.1:$1") 2>/dev/null
}

wait_until_ready() {
  local port="$1" pid="$2" ready=0
  await_ready 120 0.5 "$pid" broker_ready "$port" || ready=$?
  if [[ "$ready" == 1 ]]; then
    log "Kafka did not serve metadata on 127.0.0.1:$port within 60 s; last log lines:"; tail -n 30 "$LOG_FILE" >&2 || true
  fi
  return "$ready"
}

start() {
  if is_running; then
    echo "KAFKA_BROKERS=127.0.0.1:$(cut -d' ' -f1 "$PORTS_FILE")"
    return 0
  fi
  installed || { log "Kafka not installed; run: $0 install"; exit 1; }
  mkdir -p "$SERVERS_DIR" "$DATA_DIR"
  local broker_port controller_port
  if [[ -f "$PORTS_FILE" && -f "$DATA_DIR/log/meta.properties" ]]; then
    # A restart after `stop --keep-data`: same ports and log, so clients and offsets carry over.
    read -r broker_port controller_port <"$PORTS_FILE"
  else
    rm -rf "$DATA_DIR/log"
    broker_port="$(free_port)"
    controller_port="$(free_port)"
    while [[ "$controller_port" == "$broker_port" ]]; do controller_port="$(free_port)"; done
    echo "$broker_port $controller_port" >"$PORTS_FILE"
    sed -e "s|@BROKER_PORT@|$broker_port|g" -e "s|@CONTROLLER_PORT@|$controller_port|g" -e "s|@LOG_DIR@|$DATA_DIR/log|g" \
      "$HERE/server.properties.template" >"$PROPS"
    local cluster_id
    cluster_id="$(node -e 'console.log(require("crypto").randomBytes(16).toString("base64url"))')"
    java "${JAVA_OPTS[@]}" kafka.tools.StorageTool format --standalone -t "$cluster_id" -c "$PROPS" >>"$LOG_FILE" 2>&1 \
      || { log "formatting the KRaft log failed; see $LOG_FILE"; tail -n 20 "$LOG_FILE" >&2; exit 1; }
  fi
  nohup java "${JAVA_OPTS[@]}" kafka.Kafka "$PROPS" >>"$LOG_FILE" 2>&1 &
  local pid=$!
  echo "$pid" >"$PID_FILE"
  if ! wait_until_ready "$broker_port" "$pid"; then
    kill "$pid" 2>/dev/null || true
    rm -f "$PID_FILE"
    exit 1
  fi
  log "Kafka up on 127.0.0.1:$broker_port (pid $pid, log $LOG_FILE)"
  echo "KAFKA_BROKERS=127.0.0.1:$broker_port"
}

stop() {
  local keep_data="${1:-}"
  if is_running; then
    local pid
    pid="$(cat "$PID_FILE")"
    # SIGTERM: a controlled shutdown, so a restart recovers quickly and loses nothing acknowledged.
    end_process "$pid" 300
    log "stopped (pid $pid)"
  else
    log "not running"
  fi
  rm -f "$PID_FILE"
  if [[ "$keep_data" != "--keep-data" ]]; then
    rm -rf "$DATA_DIR" "$PORTS_FILE"
  fi
}

servers_main "$@"

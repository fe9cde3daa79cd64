#!/usr/bin/env bash
# KV benchmark: ePHPm's ephpm_kv_* functions against APCu and Redis (phpredis), in one run.
#
#   bench/kv/run.sh                 # everything (about 8 minutes on 2 cores)
#   REPS=11 bench/kv/run.sh         # more samples per operation
#   SKIP_BULK=1 bench/kv/run.sh     # without the deletePrefix/flushAll timings
#
# Prints three tables (see bench/kv/README.md for how to read them):
#   1. ns per operation from a PHP hrtime loop inside ./ephpm php (same interpreter and loop for all three;
#      ePHPm and APCu in one process, phpredis in another), plus APCu in plain php-cli as a cross-check
#   2. bytes per entry for 1M entries (16-byte keys, 64-byte values): ePHPm's live JVM heap growth and its own
#      charge, against Redis INFO used_memory growth
#   3. deletePrefix and flushAll on 1M entries
# Installs from Debian what is missing (as root): php8.2-apcu php8.2-redis redis-server php8.2-cli.
# Starts its own redis-server on a free loopback port, without persistence, and stops it at the end.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/bench/kv"
REPS="${REPS:-7}"
# The heap the PHP loop runs with, as ./ephpm passes EPHPM_JAVA_OPTS to java.
export EPHPM_JAVA_OPTS="${EPHPM_JAVA_OPTS:--Xms1g -Xmx1g -XX:+AlwaysPreTouch}"

PACKAGES=(php8.2-apcu php8.2-redis redis-server php8.2-cli)
missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "missing Debian packages; install them with: sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
    echo "installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >&2
    apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
    # The Debian packages enable the extensions for the SAPIs installed at the time; make sure embed has them.
    phpenmod -s embed apcu igbinary redis >&2 || true
fi

WORK="$(mktemp -d /tmp/ephpm-kvbench.XXXXXX)"
REDIS_PID=""
SPIN_PID=""
cleanup() {
    if [ -n "$SPIN_PID" ]; then
        kill "$SPIN_PID" 2>/dev/null || true
    fi
    if [ -n "$REDIS_PID" ]; then
        kill "$REDIS_PID" 2>/dev/null || true
        wait "$REDIS_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# ---- Redis on a free loopback port, no persistence. A taken port makes our redis-server exit, so a PONG only
# counts while our process is alive.
for attempt in $(seq 1 20); do
    REDIS_PORT=$((20000 + RANDOM % 40000))
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
        --dir "$WORK" > "$WORK/redis.log" 2>&1 &
    REDIS_PID=$!
    for _ in $(seq 1 50); do
        kill -0 "$REDIS_PID" 2>/dev/null || break
        redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && break 2
        sleep 0.1
    done
    kill "$REDIS_PID" 2>/dev/null || true
    wait "$REDIS_PID" 2>/dev/null || true
    REDIS_PID=""
done
[ -n "$REDIS_PID" ] || { echo "could not start redis-server:" >&2; cat "$WORK/redis.log" >&2; exit 1; }

# ---- build (./ephpm builds when sources changed; the Java benches need kv-store's test classes)
"$ROOT/ephpm" build >/dev/null
JAVA_HOME="$(ls -d /usr/lib/jvm/temurin-25-jdk-amd64 2>/dev/null || true)"
[ -n "${JAVA_HOME}" ] || JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
export JAVA_HOME
(cd "$ROOT" && mvn -q -B -pl kv-store test-compile dependency:build-classpath \
    -Dmdep.outputFile="$WORK/kv-cp.txt" >&2)
KV_CP="$ROOT/kv-store/target/test-classes:$ROOT/kv-store/target/classes:$(cat "$WORK/kv-cp.txt")"
# Debian's NTS libphp: APCu and phpredis are Debian's shared extensions, built for it (they do not load into the
# ZTS build that "auto" would pick). The KV functions cost the same on both.
export EPHPM_PHP__LIBRARY=nts
# The JVM flags ./ephpm runs with (see the launcher), with a fixed heap.
JAVA_FLAGS=(--enable-native-access=ALL-UNNAMED -XX:+UseZGC -XX:+UseSystemMemoryBarrier -XX:+AlwaysPreTouch)

CPU_MODEL="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
REDIS_VERSION="$(redis-server --version | awk '{print $3}' | sed 's/v=//')"
echo "== machine: $(nproc) cores, $CPU_MODEL; $(date -u '+%Y-%m-%d %H:%M UTC');" \
    "load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== redis-server $REDIS_VERSION on 127.0.0.1:$REDIS_PORT (no persistence);" \
    "phpredis $(php -r 'echo phpversion("redis");'), APCu $(php -r 'echo phpversion("apcu");')"
echo
echo "== 1. ns per operation (16-byte keys; PHP loop inside ./ephpm php, EPHPM_JAVA_OPTS=\"$EPHPM_JAVA_OPTS\")"
# phpredis in a process of its own: in the same process, the JVM's concurrent collector (cleaning up after
# ePHPm's loops) competes with redis-server for the second core.
# And twice: on an idle VM a loopback round trip waits for halted vCPUs to wake (~80 us on the Firecracker
# development VM instead of ~8 us), which would flatter ePHPm. So it is measured as is, and with the CPUs kept
# awake by a spinning shell at nice 19 (it yields to everything else); the table uses the latter, the faster.
"$ROOT/ephpm" php "$HERE/bench.php" --backends=redis --redis-port="$REDIS_PORT" --reps="$REPS" \
    --label="phpredis, CPUs left to idle" --json="$WORK/redis-idle.json" > "$WORK/redis-idle.txt"
nice -n 19 sh -c 'while :; do :; done' &
SPIN_PID=$!
"$ROOT/ephpm" php "$HERE/bench.php" --backends=redis --redis-port="$REDIS_PORT" --reps="$REPS" \
    --label="CPUs kept awake by a spinner at nice 19" --json="$WORK/redis.json" > "$WORK/redis.txt"
kill "$SPIN_PID"
wait "$SPIN_PID" 2>/dev/null || true
SPIN_PID=""
"$ROOT/ephpm" php -d apc.enable_cli=1 -d apc.shm_size=64M "$HERE/bench.php" --backends=ephpm,apcu \
    --reps="$REPS" --merge="$WORK/redis.json" \
    --label="ePHPm and APCu in one ./ephpm php process, phpredis in another"
echo
echo "-- phpredis without keeping the CPUs awake (idle VM), for comparison:"
sed -n '/^operation/,/^(ns/p' "$WORK/redis-idle.txt" | grep -v '^(ns'
echo
echo "-- cross-check: APCu in plain php-cli (is APCu any faster outside the embedded engine?)"
php -n -d extension=apcu.so -d apc.enable_cli=1 -d apc.shm_size=64M "$HERE/bench.php" --backends=apcu \
    --reps="$REPS" --label="APCu in php-cli"

echo
echo "== 2. memory for 1,000,000 entries (16-byte keys, 64-byte values, no TTL)"
echo "-- ePHPm, same JVM flags as ./ephpm (ZGC: 8-byte references)"
"$JAVA_HOME/bin/java" "${JAVA_FLAGS[@]}" -Xms2g -Xmx2g -cp "$KV_CP" \
    dev.ephpm.kv.MeasureEntryOverhead 16 64 ALLKEYS nottl
echo "-- ePHPm on G1 with compressed oops (4-byte references), for comparison"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseG1GC -XX:+AlwaysPreTouch -Xms2g -Xmx2g \
    -cp "$KV_CP" dev.ephpm.kv.MeasureEntryOverhead 16 64 ALLKEYS nottl
echo "-- Redis"
"$ROOT/ephpm" php "$HERE/redis-memory.php" "$REDIS_PORT"

if [ -z "${SKIP_BULK:-}" ]; then
    echo
    echo "== 3. bulk removal on 1,000,000 entries (same JVM flags as ./ephpm, -Xms2g -Xmx2g)"
    "$JAVA_HOME/bin/java" "${JAVA_FLAGS[@]}" -Xms2g -Xmx2g -cp "$KV_CP" dev.ephpm.kv.BulkRemovalBench 5
fi
echo
echo "== load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

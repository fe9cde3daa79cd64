#!/usr/bin/env bash
# HTTP benchmark: ePHPm against nginx + php-fpm (+ Redis for the KV page), in one run, on loopback.
#
#   bench/http/run.sh                           # PHP_THREADS="1 2 4", 10 s per target, 32 connections
#   PHP_THREADS="2" DURATION=30s bench/http/run.sh
#   SPIN_MICROS="50 0 10" bench/http/run.sh     # also compare the PHP threads' idle spin (-Dephpm.php.spinMicros)
#
# For each N in PHP_THREADS: ePHPm with the ZTS libphp and N PHP threads, then php-fpm pm=static with N children,
# each started alone, warmed up, measured and stopped (every process gone) before the next one starts. Plus, for
# reference, ePHPm with Debian's NTS libphp (1 PHP thread, compared with php-fpm's 1 child), and the static file
# once (no PHP involved). Prints one table with req/s, p50, p99 and the ePHPm / php-fpm ratios.
#
# Targets (same files on both servers):
#   hello   examples/plain/hello.php echo "Hello, world!"
#   kv      examples/plain/kv.php    one ephpm_kv_get (a hit) + one ephpm_kv_incr
#                                  php-fpm: the same with phpredis on a persistent Redis connection (GET hit + INCR)
#   static  a 4 KiB file           served from disk by each server
#
# Setup: php-fpm with Debian's fpm php.ini and conf.d (OPcache on, JIT off); nginx with Debian's defaults plus
# keepalive_requests 100000; ePHPm started as users start it (./ephpm serve, ephpm.toml.example) with a fixed heap
# (EPHPM_JAVA_OPTS). The OPcache settings of both sides are compared before measuring. Both write an access log.
#
# Settings (environment):
#   PHP_THREADS="1 2 4"   PHP threads / php-fpm children to measure
#   SPIN_MICROS=""        idle spin values for ePHPm's PHP threads; empty: the server's default (50 us)
#   NTS_REFERENCE=1       also measure ePHPm with Debian's NTS libphp (0: skip)
#   DURATION=10s CONNECTIONS=32 THREADS=2   wrk settings
#   SERVER_WARMUP=10s     load on each PHP page after a server starts (a fresh JVM compiles its hot paths meanwhile)
#   WARMUP=5s             load on a target just before it is measured
#   EPHPM_JAVA_OPTS="-Xms512m -Xmx512m -XX:+AlwaysPreTouch"
#   MAX_LOAD=1.5 LOAD_WAIT=1800   wait up to LOAD_WAIT s for the 1-minute load to drop below MAX_LOAD before starting
#   REPEAT=3                      measured runs per target; the table shows the median run by req/s
#   MAX_OTHER_CPU=15 RETRIES=3    a run during which other processes took more than MAX_OTHER_CPU % of the machine's
#                                 CPU does not count; up to RETRIES extra runs replace such runs
#   EPHPM_PORT=18080 NGINX_PORT=18090 REDIS_PORT=16379   loopback ports (must be free)
#   KEEP=1                        keep the work directory (logs, configs)
# Needs (Debian): wrk nginx php8.2-fpm php8.2-opcache php8.2-redis redis-server curl, Temurin 25, and the ZTS
# libphp (./ephpm build-php; if it is missing, the first ZTS start builds it, 7-15 minutes).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
PHP_THREADS="${PHP_THREADS:-1 2 4}"
SPIN_MICROS="${SPIN_MICROS:-}"
NTS_REFERENCE="${NTS_REFERENCE:-1}"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-5s}"
SERVER_WARMUP="${SERVER_WARMUP:-10s}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-2}"
JAVA_OPTS="${EPHPM_JAVA_OPTS:--Xms512m -Xmx512m -XX:+AlwaysPreTouch}"
MAX_LOAD="${MAX_LOAD:-1.5}"
LOAD_WAIT="${LOAD_WAIT:-1800}"
MAX_OTHER_CPU="${MAX_OTHER_CPU:-15}"
REPEAT="${REPEAT:-3}"
RETRIES="${RETRIES:-3}"
EPHPM_PORT="${EPHPM_PORT:-18080}"
NGINX_PORT="${NGINX_PORT:-18090}"
REDIS_PORT="${REDIS_PORT:-16379}"
CORES="$(nproc)"
CLK_TCK="$(getconf CLK_TCK)"

die() { echo "run.sh: $*" >&2; exit 1; }
for tool in wrk nginx php-fpm8.2 redis-server redis-cli curl; do
    command -v "$tool" >/dev/null || die "missing $tool (apt-get install wrk nginx php8.2-fpm php8.2-redis redis-server curl)"
done
for n in $PHP_THREADS; do [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "PHP_THREADS: '$n' is not a positive integer"; done
for s in $SPIN_MICROS; do [[ "$s" =~ ^[0-9]+$ ]] || die "SPIN_MICROS: '$s' is not a number of microseconds"; done
[[ -n "$SPIN_MICROS" ]] || SPIN_MICROS="default"
for port in "$EPHPM_PORT" "$NGINX_PORT" "$REDIS_PORT"; do
    # Another benchmark on the same ports would be measured instead of ours, or would fail ours half-way.
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        die "port $port is in use (another run?); choose others with EPHPM_PORT, NGINX_PORT, REDIS_PORT"
    fi
done

load1() { cut -d' ' -f1 /proc/loadavg; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# ---- wait for a quiet machine: other sessions' builds skew every figure
waited=0
while awk -v l="$(load1)" -v m="$MAX_LOAD" 'BEGIN { exit !(l > m) }'; do
    if (( waited >= LOAD_WAIT )); then
        echo "WARNING: load average still $(loadavg) after ${waited}s; measuring anyway (figures will be low)" >&2
        break
    fi
    echo "load average $(loadavg) > $MAX_LOAD; waiting 30 s (up to ${LOAD_WAIT}s)" >&2
    sleep 30
    waited=$((waited + 30))
done
START_LOAD="$(loadavg)"
START_DATE="$(date -u '+%Y-%m-%d %H:%M UTC')"

WORK="$(mktemp -d /tmp/ephpm-bench.XXXXXX)"
chmod 755 "$WORK"   # nginx and php-fpm workers run as www-data, as in a normal deployment
EPHPM_PID="" FPM_PID="" NGINX_PID="" REDIS_PID=""

# Stops a process and waits until it and the given children are gone (not just signalled).
stop_process() { # pid [child pids...]
    local pid=$1
    [[ -n "$pid" ]] || return 0
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
        local alive=0 p
        for p in "$@"; do kill -0 "$p" 2>/dev/null && alive=1; done
        (( alive )) || return 0
        sleep 0.1
    done
    die "processes $* still running after SIGTERM"
}
cleanup() {
    local fpm_children=()
    [[ -n "$FPM_PID" ]] && mapfile -t fpm_children < <(pgrep -P "$FPM_PID" || true)
    stop_process "$EPHPM_PID" "$EPHPM_PID" || true
    stop_process "$FPM_PID" "$FPM_PID" "${fpm_children[@]}" || true
    stop_process "$NGINX_PID" "$NGINX_PID" || true
    stop_process "$REDIS_PID" "$REDIS_PID" || true
    if [[ -n "${KEEP:-}" ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# ---- the document roots: the examples, plus a 4 KiB static file; php-fpm's KV page uses Redis
head -c 4096 /dev/urandom | base64 -w 64 | head -c 4096 > "$WORK/static-4k.txt"
mkdir -p "$WORK/ephpm-root" "$WORK/fpm-root"
cp -r "$ROOT/examples/plain/." "$WORK/ephpm-root/"
cp "$WORK/static-4k.txt" "$WORK/ephpm-root/static-4k.txt"
cp "$ROOT/examples/plain/hello.php" "$WORK/fpm-root/hello.php"
cp "$WORK/static-4k.txt" "$WORK/fpm-root/static-4k.txt"
cat > "$WORK/fpm-root/kv.php" <<PHP
<?php
// The php-fpm counterpart of examples/plain/kv.php: one GET and one INCR on Redis, persistent connection.
\$redis = new Redis();
\$redis->pconnect('127.0.0.1', $REDIS_PORT);
\$greeting = \$redis->get('bench:greeting') ?: 'hello';
\$hits = \$redis->incr('bench:hits');
echo \$greeting, ' #', \$hits, "\n";
PHP
# The greeting is stored on both sides so that the KV page's read is a hit on both.
cat > "$WORK/ephpm-root/bench-seed.php" <<'PHP'
<?php ephpm_kv_set('bench:greeting', 'hello'); echo "ok\n";
PHP
# What must match for a fair comparison: the OPcache settings both sides run with.
cat > "$WORK/settings.php" <<'PHP'
<?php
$status = function_exists('opcache_get_status') ? opcache_get_status(false) : false;
// The JIT as it runs (opcache.jit differs in wording between the two php.ini sets; what counts is whether it is on)
$s = ['opcache' => $status['opcache_enabled'] ?? false, 'jit' => $status['jit']['on'] ?? false];
foreach (['opcache.validate_timestamps', 'opcache.revalidate_freq',
          'opcache.memory_consumption', 'opcache.interned_strings_buffer', 'opcache.max_accelerated_files',
          'opcache.enable_file_override', 'opcache.preload'] as $k) {
    $s[$k] = ini_get($k);
}
echo json_encode($s), "\n";
PHP
cp "$WORK/settings.php" "$WORK/ephpm-root/bench-settings.php"
cp "$WORK/settings.php" "$WORK/fpm-root/bench-settings.php"

wait_for() { # url what-log
    for _ in $(seq 1 300); do
        curl -sf -o /dev/null "$1" && return 0
        sleep 0.2
    done
    echo "not answering: $1" >&2
    tail -n 30 "$2" >&2 || true
    exit 1
}

# ---- Redis and nginx run for the whole benchmark (idle while ePHPm is measured); php-fpm is started per N
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no > "$WORK/redis.log" 2>&1 &
REDIS_PID=$!
cat > "$WORK/nginx.conf" <<CONF
user www-data;
worker_processes auto;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 4096; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $WORK/nginx-access.log;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    client_body_temp_path $WORK/nginx-body;
    fastcgi_temp_path $WORK/nginx-fastcgi;
    proxy_temp_path $WORK/nginx-proxy;
    uwsgi_temp_path $WORK/nginx-uwsgi;
    scgi_temp_path $WORK/nginx-scgi;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $WORK/fpm-root;
        index index.php index.html;
        location / { try_files \$uri \$uri/ /index.php?\$query_string; }
        location ~ \.php\$ {
            include /etc/nginx/fastcgi_params;
            fastcgi_param SCRIPT_FILENAME \$document_root\$fastcgi_script_name;
            fastcgi_pass unix:$WORK/php-fpm.sock;
        }
    }
}
CONF
nginx -c "$WORK/nginx.conf" > "$WORK/nginx.out" 2>&1 &
NGINX_PID=$!
wait_for "http://127.0.0.1:$NGINX_PORT/static-4k.txt" "$WORK/nginx-error.log"
for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
redis-cli -p "$REDIS_PORT" set bench:greeting hello >/dev/null || die "Redis is not answering (see $WORK/redis.log)"

# ---- ePHPm: one process per configuration
LAST_EPHPM_LINE=""
start_ephpm() { # library(nts|zts) threads spin(default|micros)
    local library=$1 threads=$2 spin=$3 kind opts="$JAVA_OPTS" log="$WORK/ephpm-$1-$2-$3.err"
    kind="$(tr '[:lower:]' '[:upper:]' <<<"$library")"
    [[ "$spin" == default ]] || opts+=" -Dephpm.php.spinMicros=$spin"
    EPHPM_PHP__LIBRARY="$library" EPHPM_PHP__WORKERS="$threads" \
    EPHPM_SERVER__LISTEN="127.0.0.1:$EPHPM_PORT" \
    EPHPM_SERVER__DOCUMENT_ROOT="$WORK/ephpm-root" \
    EPHPM_SERVER__LOGGING__ACCESS_LOG="$WORK/ephpm-access.log" \
    EPHPM_JAVA_OPTS="$opts" \
        "$ROOT/ephpm" serve --config "$ROOT/ephpm.toml.example" > "$WORK/ephpm.out" 2> "$log" &
    EPHPM_PID=$!   # ./ephpm execs java: this is the server's pid
    wait_for "http://127.0.0.1:$EPHPM_PORT/_ephpm/health" "$log"
    local line=""
    for _ in $(seq 1 50); do
        line="$(grep -m1 ' serving ' "$log" || true)"
        [[ -n "$line" ]] && break
        sleep 0.1
    done
    # Fail loudly if the server does not run the library and thread count this row claims to measure.
    grep -Eq "\(PHP [^ ]+ $kind from [^,]+, $threads PHP threads?, " <<<"$line" \
        || die "ePHPm did not start with $kind and $threads PHP thread(s); its start-up line: '${line:-none}' (log: $log)"
    curl -s "http://127.0.0.1:$EPHPM_PORT/_ephpm/health" | grep -q "\"threads\":$threads," \
        || die "ePHPm's health does not report $threads PHP threads: $(curl -s "http://127.0.0.1:$EPHPM_PORT/_ephpm/health")"
    [[ "$(curl -s "http://127.0.0.1:$EPHPM_PORT/bench-seed.php")" == ok ]] || die "could not seed ePHPm's KV store"
    local kv
    kv="$(curl -s "http://127.0.0.1:$EPHPM_PORT/kv.php")"
    [[ "$kv" =~ ^hello\ \#[0-9]+$ ]] || die "ePHPm's KV page answered '$kv'"
    LAST_EPHPM_LINE="$line"
}
stop_ephpm() {
    stop_process "$EPHPM_PID" "$EPHPM_PID"
    EPHPM_PID=""
    ! curl -s -o /dev/null "http://127.0.0.1:$EPHPM_PORT/_ephpm/health" || die "something still answers on port $EPHPM_PORT"
}

# ---- php-fpm: one master per configuration, pm=static with N children
start_fpm() { # children
    cat > "$WORK/php-fpm.conf" <<CONF
[global]
pid = $WORK/php-fpm.pid
error_log = $WORK/php-fpm.log
daemonize = no
[www]
user = www-data
group = www-data
listen = $WORK/php-fpm.sock
listen.owner = www-data
listen.group = www-data
pm = static
pm.max_children = $1
php_admin_value[opcache.enable] = 1
CONF
    php-fpm8.2 -R -y "$WORK/php-fpm.conf" > "$WORK/php-fpm.out" 2>&1 &
    FPM_PID=$!
    wait_for "http://127.0.0.1:$NGINX_PORT/hello.php" "$WORK/php-fpm.log"
    local children
    children="$(pgrep -c -P "$FPM_PID" || true)"
    [[ "$children" == "$1" ]] || die "php-fpm runs $children children, expected $1"
}
stop_fpm() {
    local children=()
    mapfile -t children < <(pgrep -P "$FPM_PID" || true)
    stop_process "$FPM_PID" "$FPM_PID" "${children[@]}"
    FPM_PID=""
}

# ---- CPU taken by other processes while a target is measured (other sessions share this machine)
# Process time (user, nice, system) of the whole machine, and all time. Interrupt and softirq time is left out of
# the first: it is mostly this benchmark's own loopback traffic, and it is not charged to any process.
cpu_busy_total() { awk '$1 == "cpu" { print $2 + $3 + $4, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }
our_pids() {
    local p
    for p in $EPHPM_PID $FPM_PID $NGINX_PID $REDIS_PID; do echo "$p"; pgrep -P "$p" || true; done
}
ticks_of() { # pids... -> utime + stime of all of them (a process's line sums all its threads)
    local p sum=0 t
    for p in "$@"; do
        t="$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null | awk '{ print $12 + $13 }')" || t=0
        sum=$((sum + ${t:-0}))
    done
    echo "$sum"
}
to_ms() { # wrk latency such as 512.00us, 1.20ms, 1.01s -> milliseconds
    awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}

declare -A RPS P50 P99 OTHER SPREAD
# One wrk run; prints "r/s p50 p99 other%", other% being the share of the machine's CPU that processes other than
# this benchmark's (servers, Redis, wrk) took meanwhile.
wrk_run() { # url pids...
    local url=$1 out before_busy before_total before_ours after_busy after_total after_ours wrk_ticks
    shift
    read -r before_busy before_total < <(cpu_busy_total)
    before_ours="$(ticks_of "$@")"
    # `times` reports the subshell's children: wrk's own CPU time
    out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url"; times)"
    read -r after_busy after_total < <(cpu_busy_total)
    after_ours="$(ticks_of "$@")"
    if grep -q "Non-2xx\|Socket errors" <<<"$out"; then
        echo "WARNING: $url had errors:" >&2; grep "Non-2xx\|Socket errors" <<<"$out" >&2
    fi
    wrk_ticks="$(tail -n 1 <<<"$out" | awk -v hz="$CLK_TCK" '{ n = 0; for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); n += a[1] * 60 + a[2] } printf "%.0f", n * hz }')"
    printf '%s %s %s %s\n' "$(awk '/Requests\/sec/ { printf "%.0f", $2 }' <<<"$out")" \
        "$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")" "$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")" \
        "$(awk -v b=$((after_busy - before_busy)) -v t=$((after_total - before_total)) -v o=$((after_ours - before_ours + wrk_ticks)) \
            'BEGIN { v = t > 0 ? 100 * (b - o) / t : 0; if (v < 0) v = 0; printf "%.0f", v }')"
}
# Warm-up, then REPEAT runs in which other processes took at most MAX_OTHER_CPU % of the CPU (up to RETRIES more
# runs to get them, after a pause); the figures are those of the median run by req/s among the quiet runs (among
# all runs if none was quiet), the spread is (max - min) / median req/s of those runs.
measure() { # key url
    local key=$1 url=$2 pids runs=() quiet=() r rps p50 p99 other attempts=0
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$url" > /dev/null   # warm-up (JIT, OPcache, connections)
    mapfile -t pids < <(our_pids)
    while (( ${#quiet[@]} < REPEAT && attempts < REPEAT + RETRIES )); do
        r="$(wrk_run "$url" "${pids[@]}")"
        attempts=$((attempts + 1))
        runs+=("$r")
        read -r rps p50 p99 other <<<"$r"
        printf '  %-26s %7s r/s  p50 %7s ms  p99 %7s ms  other processes %3s%% CPU\n' "$key" "$rps" "$p50" "$p99" "$other" >&2
        if (( other <= MAX_OTHER_CPU )); then
            quiet+=("$r")
        elif (( attempts < REPEAT + RETRIES )); then
            echo "  other processes took ${other}% of the CPU; one more run of $key in 20 s" >&2
            sleep 20
        fi
    done
    (( ${#quiet[@]} > 0 )) || quiet=("${runs[@]}")
    read -r rps p50 p99 other <<<"$(printf '%s\n' "${quiet[@]}" | sort -n -k1,1 | sed -n "$(( (${#quiet[@]} + 1) / 2 ))p")"
    RPS[$key]="$rps" P50[$key]="$p50" P99[$key]="$p99"
    OTHER[$key]="$(printf '%s\n' "${quiet[@]}" | awk '$4 > m { m = $4 } END { print m + 0 }')"
    SPREAD[$key]="$(printf '%s\n' "${quiet[@]}" | awk -v med="$rps" 'NR == 1 || $1 < lo { lo = $1 } $1 > hi { hi = $1 } END { printf "%.0f", (med > 0 ? 100 * (hi - lo) / med : 0) }')"
}

# After a server starts: load on both PHP pages, so that neither side's first target pays for JIT compilation,
# OPcache filling or connection set-up (php-fpm gets the same, though it has only OPcache and Redis to warm).
warm_server() { # base-url
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$SERVER_WARMUP" "$1$HELLO" > /dev/null
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$SERVER_WARMUP" "$1$KV" > /dev/null
}

# ---- measure
THREAD_LIST=($PHP_THREADS)
FPM_LIST=("${THREAD_LIST[@]}")
if [[ "$NTS_REFERENCE" == 1 && " $PHP_THREADS " != *" 1 "* ]]; then FPM_LIST+=(1); fi
HELLO="/hello.php" KV="/kv.php" STATIC="/static-4k.txt"
echo "HTTP benchmark, $START_DATE, $CORES cores, load average $START_LOAD" >&2
declare -A SEEN_FPM
FPM_SETTINGS="" EPHPM_LINES=()
for n in "${FPM_LIST[@]}"; do
    if [[ " $PHP_THREADS " == *" $n "* ]]; then
        for spin in $SPIN_MICROS; do
            if (( n > CORES )); then echo "note: $n PHP threads on $CORES cores" >&2; fi
            start_ephpm zts "$n" "$spin"
            EPHPM_LINES+=("$LAST_EPHPM_LINE")
            echo "ePHPm ZTS, $n PHP thread(s), spin $spin:" >&2
            warm_server "http://127.0.0.1:$EPHPM_PORT"
            measure "ephpm-zts-$n-$spin-hello" "http://127.0.0.1:$EPHPM_PORT$HELLO"
            measure "ephpm-zts-$n-$spin-kv" "http://127.0.0.1:$EPHPM_PORT$KV"
            if [[ -z "${RPS[ephpm-static]:-}" ]]; then
                measure "ephpm-static" "http://127.0.0.1:$EPHPM_PORT$STATIC"
            fi
            SETTINGS_EPHPM="$(curl -s "http://127.0.0.1:$EPHPM_PORT/bench-settings.php")"
            stop_ephpm
        done
    fi
    if [[ -n "${SEEN_FPM[$n]:-}" ]]; then continue; fi
    SEEN_FPM[$n]=1
    start_fpm "$n"
    echo "php-fpm, $n children:" >&2
    FPM_SETTINGS="$(curl -s "http://127.0.0.1:$NGINX_PORT/bench-settings.php")"
    [[ "$FPM_SETTINGS" == "${SETTINGS_EPHPM:-$FPM_SETTINGS}" && "$FPM_SETTINGS" == *'"opcache":true'* ]] \
        || die "OPcache settings differ: ePHPm ${SETTINGS_EPHPM:-?}, php-fpm $FPM_SETTINGS"
    kv_fpm="$(curl -s "http://127.0.0.1:$NGINX_PORT$KV")"
    [[ "$kv_fpm" =~ ^hello\ \#[0-9]+$ ]] || die "php-fpm's KV page answered '$kv_fpm'"
    warm_server "http://127.0.0.1:$NGINX_PORT"
    measure "fpm-$n-hello" "http://127.0.0.1:$NGINX_PORT$HELLO"
    measure "fpm-$n-kv" "http://127.0.0.1:$NGINX_PORT$KV"
    stop_fpm
    if [[ -z "${RPS[nginx-static]:-}" ]]; then
        echo "nginx alone:" >&2
        measure "nginx-static" "http://127.0.0.1:$NGINX_PORT$STATIC"
    fi
done
if [[ "$NTS_REFERENCE" == 1 ]]; then
    start_ephpm nts 1 default
    EPHPM_LINES+=("$LAST_EPHPM_LINE")
    settings="$(curl -s "http://127.0.0.1:$EPHPM_PORT/bench-settings.php")"
    [[ "$settings" == "$FPM_SETTINGS" ]] || die "OPcache settings differ: ePHPm NTS $settings, php-fpm $FPM_SETTINGS"
    echo "ePHPm NTS, 1 PHP thread:" >&2
    warm_server "http://127.0.0.1:$EPHPM_PORT"
    measure "ephpm-nts-1-default-hello" "http://127.0.0.1:$EPHPM_PORT$HELLO"
    measure "ephpm-nts-1-default-kv" "http://127.0.0.1:$EPHPM_PORT$KV"
    stop_ephpm
fi

# ---- report
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
row() { # target N label ephpm-key fpm-key
    printf '%-7s %-3s %-13s | %7s %5s%% %7s %7s %4s%% | %7s %5s%% %7s %7s %4s%% | %5s %5s %5s\n' "$1" "$2" "$3" \
        "${RPS[$4]}" "${SPREAD[$4]}" "${P50[$4]}" "${P99[$4]}" "${OTHER[$4]}" \
        "${RPS[$5]}" "${SPREAD[$5]}" "${P50[$5]}" "${P99[$5]}" "${OTHER[$5]}" \
        "$(ratio "${RPS[$4]}" "${RPS[$5]}")" "$(ratio "${P50[$4]}" "${P50[$5]}")" "$(ratio "${P99[$4]}" "${P99[$5]}")"
}
echo
echo "HTTP benchmark, $START_DATE; $CORES cores; load average at start $START_LOAD, at end $(loadavg)"
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION (warm-up $WARMUP) on loopback, after ${SERVER_WARMUP} on each PHP page per server start; median of $REPEAT runs; EPHPM_JAVA_OPTS=\"$JAVA_OPTS\""
for line in "${EPHPM_LINES[@]}"; do sed -E 's/.*serving .* \((PHP [^,]+), ([0-9]+ PHP threads?).*/ePHPm: \1, \2/' <<<"$line"; done | sort -u
echo "php-fpm: $(php-fpm8.2 -v | head -n 1 | cut -d' ' -f1-2), pm=static, N children; OPcache $FPM_SETTINGS"
echo "N = PHP threads (ePHPm) = php-fpm children; latency in ms; spread = (max - min) / median req/s over the runs;"
echo "other = most CPU share that other processes took during one of those runs"
printf '%-7s %-3s %-13s | %7s %6s %7s %7s %5s | %7s %6s %7s %7s %5s | %5s %5s %5s\n' target N ephpm "ephpm" spread p50 p99 other \
    "fpm" spread p50 p99 other "r/s x" "p50 x" "p99 x"
for target in hello kv; do
    for n in "${THREAD_LIST[@]}"; do
        for spin in $SPIN_MICROS; do
            label="zts"; if [[ "$spin" != default ]]; then label="zts spin=$spin"; fi
            mark="$n"; if (( n > CORES )); then mark="$n*"; fi
            row "$target" "$mark" "$label" "ephpm-zts-$n-$spin-$target" "fpm-$n-$target"
        done
    done
    if [[ "$NTS_REFERENCE" == 1 ]]; then row "$target" 1 "nts" "ephpm-nts-1-default-$target" "fpm-1-$target"; fi
done
row static - "(no PHP)" ephpm-static nginx-static
echo "ephpm, fpm: req/s; r/s x = ePHPm / nginx+php-fpm, higher is better; p50 x and p99 x: lower is better"
for n in "${THREAD_LIST[@]}"; do
    if (( n > CORES )); then echo "* more PHP threads / children than the $CORES cores"; break; fi
done

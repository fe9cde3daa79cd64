#!/usr/bin/env bash
# HTTP benchmark: ePHPm against nginx + php-fpm (+ Redis for the KV page), in one run, on loopback.
#
#   bench/http/run.sh                 # 10 s per target, 32 connections
#   DURATION=30s CONNECTIONS=64 bench/http/run.sh
#
# Targets (same files on both servers):
#   hello   examples/plain/hello.php          echo "Hello, world!"
#   kv      examples/plain/kv.php             one ephpm_kv_get + one ephpm_kv_incr
#                                        (php-fpm: the same with phpredis on a persistent Redis connection)
#   static  a 4 KiB file                 served from disk by each server
#
# Setup: php-fpm pm=static with 2 children and OPcache on (Debian's fpm conf.d); nginx with Debian's defaults
# plus keepalive_requests 100000; ePHPm with ephpm.toml.example (NTS libphp: 1 PHP thread) and the JVM flags
# recommended in host/README.md. Both servers write an access log to a file.
# Needs (Debian): wrk nginx php8.2-fpm php8.2-opcache php8.2-redis redis-server curl, and Temurin 25.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-2}"
EPHPM_PORT="${EPHPM_PORT:-18080}"
NGINX_PORT="${NGINX_PORT:-18090}"
REDIS_PORT="${REDIS_PORT:-16379}"

for tool in wrk nginx php-fpm8.2 redis-server curl; do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install wrk nginx php8.2-fpm php8.2-redis redis-server curl)" >&2; exit 1; }
done

WORK="$(mktemp -d /tmp/ephpm-bench.XXXXXX)"
chmod 755 "$WORK"   # nginx and php-fpm workers run as www-data, as in a normal deployment
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    [[ -n "${KEEP:-}" ]] && { echo "kept $WORK"; return; }
    wait 2>/dev/null || true
    rm -rf "$WORK"
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
cat > "$WORK/opcache.php" <<'PHP'
<?php echo json_encode(['opcache' => function_exists('opcache_get_status') && (opcache_get_status(false)['opcache_enabled'] ?? false)]), "\n";
PHP
cp "$WORK/opcache.php" "$WORK/ephpm-root/opcache-check.php"
cp "$WORK/opcache.php" "$WORK/fpm-root/opcache-check.php"

# ---- ePHPm
if [[ ! -f "$ROOT/host/target/ephpm.jar" || -n "${REBUILD:-}" ]]; then
    (cd "$ROOT" && JAVA_HOME="$JAVA_HOME" mvn -q -pl host -am package -DskipTests)
fi
EPHPM_SERVER__LISTEN="127.0.0.1:$EPHPM_PORT" \
EPHPM_SERVER__DOCUMENT_ROOT="$WORK/ephpm-root" \
EPHPM_SERVER__LOGGING__ACCESS_LOG="$WORK/ephpm-access.log" \
    "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
    -Xms512m -Xmx512m -XX:+AlwaysPreTouch \
    -jar "$ROOT/host/target/ephpm.jar" serve --config "$ROOT/ephpm.toml.example" \
    > "$WORK/ephpm.out" 2> "$WORK/ephpm.err" &
PIDS+=($!)

# ---- Redis, php-fpm, nginx
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no > "$WORK/redis.log" 2>&1 &
PIDS+=($!)
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
pm.max_children = 2
php_admin_value[opcache.enable] = 1
CONF
php-fpm8.2 -R -y "$WORK/php-fpm.conf" > "$WORK/php-fpm.out" 2>&1 &
PIDS+=($!)
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
PIDS+=($!)

wait_for() {
    for _ in $(seq 1 100); do
        curl -sf -o /dev/null "$1" && return 0
        sleep 0.2
    done
    echo "not answering: $1" >&2
    tail -n 20 "$WORK"/*.err "$WORK"/*.out "$WORK"/*.log 2>/dev/null >&2 || true
    exit 1
}
wait_for "http://127.0.0.1:$EPHPM_PORT/_ephpm/health"
wait_for "http://127.0.0.1:$NGINX_PORT/hello.php"
echo "OPcache: ephpm $(curl -s http://127.0.0.1:$EPHPM_PORT/opcache-check.php), php-fpm $(curl -s http://127.0.0.1:$NGINX_PORT/opcache-check.php)"
echo "KV page: ephpm '$(curl -s http://127.0.0.1:$EPHPM_PORT/kv.php | tr -d '\n')', php-fpm '$(curl -s http://127.0.0.1:$NGINX_PORT/kv.php | tr -d '\n')'"

# ---- measure
declare -A RPS P50 P99
to_ms() { # wrk latency such as 512.00us, 1.20ms, 1.01s -> milliseconds
    awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}
run() { # name url
    wrk -t"$THREADS" -c"$CONNECTIONS" -d2s "$2" > /dev/null   # warm-up (JIT, OPcache, connections)
    local out
    out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$2")"
    if grep -q "Non-2xx" <<<"$out"; then echo "WARNING: $1 had non-2xx responses" >&2; grep "Non-2xx" <<<"$out" >&2; fi
    RPS[$1]="$(awk '/Requests\/sec/ { printf "%.0f", $2 }' <<<"$out")"
    P50[$1]="$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")"
    P99[$1]="$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")"
}
for target in hello kv static; do
    case $target in
        hello) path=/hello.php ;;
        kv) path=/kv.php ;;
        static) path=/static-4k.txt ;;
    esac
    run "ephpm-$target" "http://127.0.0.1:$EPHPM_PORT$path"
    run "nginx-$target" "http://127.0.0.1:$NGINX_PORT$path"
done

echo
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION on $(nproc) cores; latency in ms"
printf '%-8s | %10s %8s %8s | %10s %8s %8s | %8s %8s %8s\n' target "ephpm r/s" p50 p99 "nginx r/s" p50 p99 "r/s x" "p50 x" "p99 x"
for target in hello kv static; do
    e="ephpm-$target"; n="nginx-$target"
    printf '%-8s | %10s %8s %8s | %10s %8s %8s | %8s %8s %8s\n' "$target" \
        "${RPS[$e]}" "${P50[$e]}" "${P99[$e]}" "${RPS[$n]}" "${P50[$n]}" "${P99[$n]}" \
        "$(awk -v a="${RPS[$e]}" -v b="${RPS[$n]}" 'BEGIN { printf "%.2f", a / b }')" \
        "$(awk -v a="${P50[$e]}" -v b="${P50[$n]}" 'BEGIN { printf "%.2f", a / b }')" \
        "$(awk -v a="${P99[$e]}" -v b="${P99[$n]}" 'BEGIN { printf "%.2f", a / b }')"
done
echo "(r/s x = ePHPm / nginx+php-fpm, higher is better; p50 x and p99 x: lower is better)"

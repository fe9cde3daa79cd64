#!/usr/bin/env bash
# End-to-end tests of examples/laravel and examples/symfony: installs each application with
# Composer (offline, from path repositories and Debian's framework packages), serves it with
# `ephpm serve` on a free loopback port, and drives it over HTTP with examples/tests/e2e.php:
# cached pages, sessions, the rate limit, exact concurrent increments, and - with both apps
# in one server and one store (examples/tests/shared-store) - that flushing one app's cache
# leaves the other app's keys and Laravel's sessions alone.
#
# Works on copies of the examples in a temporary directory, so the checkout's vendor/, .env
# and storage/ are neither used nor touched. Called by scripts/test-all.sh; needs php-cli
# with curl, composer, and the packages in TEST_PACKAGES of ./ephpm.
#
# Usage: scripts/test-examples.sh        (KEEP_EXAMPLES_TEST=1 keeps the temporary directory)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
EPHPM="$ROOT/ephpm"

work=$(mktemp -d "${TMPDIR:-/tmp}/ephpm-examples-test.XXXXXX")
server_pid=""
passed=0
failed=0

stop_server() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    # ePHPm drains in-flight requests on SIGTERM; a stuck server is killed after 30 s.
    for _ in $(seq 1 300); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}

cleanup() {
  stop_server
  if [[ "${KEEP_EXAMPLES_TEST:-0}" == "1" ]]; then
    echo "test-examples: kept $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A setup step that fails counts as a failed test and stops the run (later steps need it).
setup_failed() {
  echo "FAILED $1"
  failed=$((failed + 1))
  echo "test-examples: $passed passed, $failed failed"
  exit 1
}

free_port() {
  php -r '$s = stream_socket_server("tcp://127.0.0.1:0"); echo substr(strrchr(stream_socket_get_name($s, false), ":"), 1);'
}

# start_server <config> <log>: serves <config> on a free loopback port; sets $base_url.
start_server() {
  local config="$1" log="$2" port
  port=$(free_port)
  base_url="http://127.0.0.1:$port"
  EPHPM_SERVER__LISTEN="127.0.0.1:$port" "$EPHPM" serve --config "$config" >"$log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 600); do
    if curl -fsS -o /dev/null "$base_url/_ephpm/health" 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "$server_pid" 2>/dev/null; then
      server_pid=""
      tail -n 30 "$log" >&2
      return 1
    fi
    sleep 0.1
  done
  tail -n 30 "$log" >&2
  return 1
}

# run_suite <suite> <config> <e2e.php arguments after the base URL...>
run_suite() {
  local suite="$1" config="$2" log="$work/$1-server.log" out="$work/$1-e2e.out" summary
  shift 2
  echo "== $suite: ./ephpm serve --config ${config#"$work"/}"
  start_server "$config" "$log" || setup_failed "$suite: the server did not become healthy (log: $log)"
  # Which libphp and how many PHP threads (EPHPM_PHP__LIBRARY chooses; ./ephpm test runs both).
  grep -o 'PHP 8\.2[^,]*, [0-9]* PHP threads\?' "$log" | head -n 1 | sed 's/^/   server: /' || true
  php "$work/examples/tests/e2e.php" "$suite" "$base_url" "$@" | tee "$out" || true
  stop_server
  # e2e.php's last line: "<suite>: N passed, M failed"; no such line means it died early.
  summary=$(tail -n 1 "$out")
  if [[ "$summary" =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
    passed=$((passed + BASH_REMATCH[1]))
    failed=$((failed + BASH_REMATCH[2]))
  else
    echo "FAILED $suite: e2e.php stopped before its summary"
    failed=$((failed + 1))
  fi
  if grep -q 'FAILED' "$out"; then
    echo "-- last lines of the $suite server log ($log):"
    tail -n 40 "$log"
  fi
}

echo "== build (if the sources changed)"
"$EPHPM" --version >/dev/null || setup_failed "./ephpm --version (build)"

# The examples as they are in the checkout, without anything an install or a run wrote.
mkdir -p "$work/examples"
for app in laravel symfony tests; do
  cp -a "$ROOT/examples/$app" "$work/examples/$app"
done
rm -rf "$work"/examples/{laravel,symfony}/{vendor,.debian-packages,composer.lock,.env.local,var}
rm -f "$work/examples/laravel/.env"
find "$work/examples/laravel/storage" "$work/examples/laravel/bootstrap/cache" -type f ! -name .gitignore -delete
# The examples' path repositories point at ../../composer-packages.
ln -s "$ROOT/composer-packages" "$work/composer-packages"

export COMPOSER_HOME="$work/composer-home" COMPOSER_CACHE_DIR="$work/composer-cache"
export COMPOSER_DISABLE_NETWORK=1 COMPOSER_ALLOW_SUPERUSER=1 COMPOSER_NO_INTERACTION=1
for app in laravel symfony; do
  echo "== composer install (offline) in examples/$app"
  composer --working-dir="$work/examples/$app" install --no-progress --no-ansi >"$work/composer-$app.log" 2>&1 \
    || { tail -n 30 "$work/composer-$app.log"; setup_failed "composer install in examples/$app"; }
  passed=$((passed + 1))
  echo "ok     composer install --no-interaction, offline, in examples/$app"
done

# Configure both as their READMEs say; one admin token for both.
admin_token=$(php -r 'echo bin2hex(random_bytes(16));')
export E2E_ADMIN_TOKEN="$admin_token"
(
  cd "$work/examples/laravel"
  cp .env.example .env
  php artisan key:generate --ansi >/dev/null
  sed -i "s/^ADMIN_TOKEN=.*/ADMIN_TOKEN=$admin_token/" .env
) || setup_failed "examples/laravel: .env and php artisan key:generate"
printf 'APP_SECRET=%s\nADMIN_TOKEN=%s\n' "$(php -r 'echo bin2hex(random_bytes(16));')" "$admin_token" \
  >"$work/examples/symfony/.env.local"

run_suite laravel "$work/examples/laravel/ephpm.toml" "$work/examples/laravel"
run_suite symfony "$work/examples/symfony/ephpm.toml"
run_suite shared "$work/examples/tests/shared-store/ephpm.toml"

echo "test-examples: $passed passed, $failed failed"
[[ $failed -eq 0 ]]

#!/usr/bin/env bash
# Every test of the project: the Java modules (JUnit, against the real libphp), the `ephpm php` command, the
# Composer packages' PHPUnit suites on plain php and inside the embedded engine, and the example Laravel and Symfony
# applications served by `ephpm serve` (scripts/test-examples.sh). Called by `./ephpm test`.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
: "${JAVA_HOME:?run through ./ephpm test, which finds the JDK}"

echo "== Java modules (mvn verify)"
mvn -B -ntp verify

echo "== ephpm php"
"$ROOT/scripts/test-cli.sh"

if [ -x "$ROOT/composer-packages/run-tests.sh" ]; then
  echo "== Composer packages on plain php"
  "$ROOT/composer-packages/run-tests.sh"
  echo "== Composer packages inside the embedded engine (./ephpm php)"
  PHP_CMD="$ROOT/ephpm php" "$ROOT/composer-packages/run-tests.sh"
fi

echo "== Example applications (Laravel, Symfony) under ephpm serve"
"$ROOT/scripts/test-examples.sh"
echo "== all tests passed"

#!/usr/bin/env bash
# Every test of the project: the Java modules (JUnit, against the real libphp), the `ephpm php` command, the
# Composer packages' PHPUnit suites on plain php and inside the embedded engine, and the example Laravel and Symfony
# applications served by `ephpm serve` (scripts/test-examples.sh). Everything that embeds PHP runs twice: against
# Debian's NTS libphp8.2 and against the ZTS build (built first, once per machine, ~10 min), where several PHP
# threads really run at once. Called by `./ephpm test`.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
: "${JAVA_HOME:?run through ./ephpm test, which finds the JDK}"

echo "== ZTS libphp (scripts/build-zts-php.sh; cached between runs)"
ZTS_LIB=$("$ROOT/scripts/build-zts-php.sh" | tail -n1)
NTS_LIB=/usr/lib/libphp8.2.so

echo "== Java modules (mvn verify), PHP on Debian's NTS libphp"
mvn -B -ntp verify -Dephpm.php.library="$NTS_LIB"
echo "== Java modules that embed PHP, again on the ZTS libphp"
# kv-store is built (-am) but its tests, pure Java, already ran above.
mvn -B -ntp verify -Dephpm.php.library="$ZTS_LIB" -pl php-embed-bridge,sapi-functions,host -am \
  -Dtest='!dev.ephpm.kv.**' -Dsurefire.failIfNoSpecifiedTests=false

for lib in nts zts; do
  echo "== ephpm php ($lib)"
  EPHPM_PHP__LIBRARY=$lib "$ROOT/scripts/test-cli.sh"
done

if [ -x "$ROOT/composer-packages/run-tests.sh" ]; then
  echo "== Composer packages on plain php"
  "$ROOT/composer-packages/run-tests.sh"
  for lib in nts zts; do
    echo "== Composer packages inside the embedded engine (./ephpm php, $lib)"
    EPHPM_PHP__LIBRARY=$lib PHP_CMD="$ROOT/ephpm php" "$ROOT/composer-packages/run-tests.sh"
  done
fi

for lib in nts zts; do
  echo "== Example applications (Laravel, Symfony) under ephpm serve ($lib)"
  EPHPM_PHP__LIBRARY=$lib "$ROOT/scripts/test-examples.sh"
done
echo "== all tests passed"

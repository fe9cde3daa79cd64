#!/usr/bin/env bash
# Runs every check of the ePHPm Composer packages (ephpm/kv, ephpm/cache-laravel,
# ephpm/cache-symfony) and exits non-zero if any fails.
#
# Debian bookworm packages needed (apt-get install -y ...):
#   php-cli php-xml php-mbstring composer phpunit
#   php-laravel-framework php-symfony-cache php-symfony-dependency-injection
#   php-cache-integration-tests php-psr-simple-cache
# (php-laravel-framework pulls in every php-illuminate-* package; no network access and
# no Packagist are needed at any point.)
#
# Usage: ./run-tests.sh [step...]      steps: validate install unit emulated (default: all)
#
#   validate  composer validate --strict for each package
#   install   offline install into a fresh project through path repositories
#             (tools/install-test.sh explains the shims for Debian's framework libraries)
#   unit      the three PHPUnit suites, run with $PHP_CMD; inside ePHPm they use the real
#             store (SapiKvOps), on plain php-cli the in-memory fake (EPHPM_KV_OPS=auto)
#   emulated  the same suites on system php, in "sapi" mode over tools/emulated-host.php
#             (a PHP emulation of the host functions) - checks SapiKvOps and the suites'
#             sapi-mode paths without ePHPm; says nothing about the real host
#
# Environment:
#   PHP_CMD       command that runs PHPUnit, word-split (default: "php"; e.g.
#                 PHP_CMD="./ephpm php"). It must accept -d: every suite runs with
#                 -d zend.assertions=1, which Symfony needs to validate cache keys (the
#                 PSR-6/PSR-16 invalid-key conformance cases).
#   PHPUNIT_ARGS  extra PHPUnit arguments, word-split (e.g. "--testdox")
#   EPHPM_KV_OPS  auto (default) | memory | sapi - which store the suites use
#
# A skipped test is not a passed one: the suites run with --fail-on-skipped. Nothing they
# need is optional here: assertions are on, and flushAll() may run
# (EPHPM_KV_TEST_FLUSH_ALL=1), because every PHP process this script starts, plain php,
# `ephpm php` or the emulated host, has a key-value store of its own that nothing else uses.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here" || exit 2

read -r -a php_cmd <<<"${PHP_CMD:-php}"
read -r -a phpunit_args <<<"${PHPUNIT_ARGS:-}"
packages=(kv cache-laravel cache-symfony)

if [[ $# -eq 0 ]]; then
    steps=(validate install unit emulated)
else
    steps=("$@")
fi

passed=0
failed=0
failures=()

run() {
    local name="$1"
    shift
    echo
    echo "=== $name"
    if "$@"; then
        passed=$((passed + 1))
        echo "--- $name: ok"
    else
        failed=$((failed + 1))
        failures+=("$name")
        echo "--- $name: FAILED"
    fi
}

composer_validate() {
    COMPOSER_DISABLE_NETWORK=1 COMPOSER_ALLOW_SUPERUSER=1 COMPOSER_NO_INTERACTION=1 \
        composer validate --strict --no-ansi --working-dir="$1"
}

# run_phpunit <package> <php command...>
run_phpunit() {
    local package="$1"
    shift
    EPHPM_KV_TEST_FLUSH_ALL=1 "$@" -d zend.assertions=1 "$here/tools/phpunit.php" \
        -c "$here/$package/phpunit.xml.dist" --fail-on-skipped --fail-on-incomplete "${phpunit_args[@]}"
}

# System php, host functions emulated in PHP, suites forced into "sapi" mode.
run_phpunit_emulated_host() {
    EPHPM_KV_OPS=sapi run_phpunit "$1" php -d auto_prepend_file="$here/tools/emulated-host.php"
}

for step in "${steps[@]}"; do
    case "$step" in
        validate)
            for package in "${packages[@]}"; do
                run "composer validate --strict $package" composer_validate "$package"
            done
            ;;
        install)
            run "offline install test" bash "$here/tools/install-test.sh"
            ;;
        unit)
            for package in "${packages[@]}"; do
                run "phpunit $package (${php_cmd[*]})" run_phpunit "$package" "${php_cmd[@]}"
            done
            ;;
        emulated)
            for package in "${packages[@]}"; do
                run "phpunit $package (sapi mode, emulated host)" run_phpunit_emulated_host "$package"
            done
            ;;
        *)
            echo "unknown step: $step (expected: validate install unit emulated)" >&2
            exit 2
            ;;
    esac
done

echo
for name in "${failures[@]}"; do
    echo "FAILED: $name"
done
echo "run-tests: $passed passed, $failed failed"
[[ $failed -eq 0 ]]

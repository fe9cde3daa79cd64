#!/usr/bin/env bash
# Checks that `ephpm php` behaves like php-cli: argv, stdin, stdout/stderr, exit status, -r, -d, shebang scripts,
# and that the ePHPm host functions are there. Prints "N passed, M failed".
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
EPHPM="$ROOT/ephpm"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0

check() { # name expected actual
  if [ "$2" == "$3" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    printf 'FAIL %s\n  expected: %q\n  actual:   %q\n' "$1" "$2" "$3"
  fi
}

"$EPHPM" build >/dev/null
out=$("$EPHPM" php -r 'echo "argv=", implode(",", $argv), " argc=", $argc;' -- a 'b c')
check "-r with arguments" "argv=Standard input code,a,b c argc=3" "$out"

"$EPHPM" php -r 'exit(3);'
check "exit status" "3" "$?"

out=$("$EPHPM" php -r 'fwrite(STDERR, "err"); fwrite(STDOUT, "out");' 2>"$work/err")
check "STDOUT constant" "out" "$out"
check "STDERR constant" "err" "$(cat "$work/err")"

out=$(echo '<?php echo strtoupper(trim(fgets(STDIN)));' > "$work/upper.php"; echo hello | "$EPHPM" php "$work/upper.php")
check "script reading stdin" "HELLO" "$out"

out=$(echo '<?php echo "from stdin";' | "$EPHPM" php)
check "script from stdin" "from stdin" "$out"

out=$("$EPHPM" php -d memory_limit=77M -d precision=5 -r 'echo ini_get("memory_limit"), " ", M_PI;')
check "-d key=value" "77M 3.1416" "$out"

printf '#!/usr/bin/env php\n<?php\necho "shebang skipped";\n' > "$work/tool"
out=$("$EPHPM" php "$work/tool")
check "shebang line skipped" "shebang skipped" "$out"

out=$("$EPHPM" php -r 'echo php_sapi_name(), " ", function_exists("ephpm_kv_get") ? "kv" : "no-kv", " ",
  extension_loaded("mbstring") ? "mbstring" : "no-mbstring";')
check "sapi, host functions and Debian extensions" "cli kv mbstring" "$out"

out=$("$EPHPM" php -d precision=5 -d precision=7 -r 'echo ini_get("precision");')
check "-d: the last value of a setting wins" "7" "$out"
# Start-up warnings are shown (stdout) and logged (stderr), as php-cli does: count the lines on stderr.
"$EPHPM" php -d extension=ephpm_missing_a -d extension=ephpm_missing_b -r '' >/dev/null 2>"$work/err"
check "-d extension= twice: both are loaded (both missing here)" "2" \
  "$(grep -c "Unable to load dynamic library 'ephpm_missing_[ab]'" "$work/err")"

"$EPHPM" php -r 'undefined_function();' >"$work/out" 2>"$work/err"
check "fatal error exit status" "255" "$?"
grep -q "Call to undefined function undefined_function()" "$work/out"
check "fatal error shown" "0" "$?"

"$EPHPM" php "$work/missing.php" 2>"$work/err"
check "missing script exit status" "1" "$?"
check "missing script message" "Could not open input file: $work/missing.php" "$(cat "$work/err")"

out=$(EPHPM_KV__MEMORY_LIMIT=1MiB "$EPHPM" php -r 'echo ephpm_kv_stats()["byte_limit"];')
check "EPHPM_KV__MEMORY_LIMIT sets the store's limit" "1048576" "$out"
EPHPM_KV__MEMORY_LIMIT=lots "$EPHPM" php -r 'echo 1;' >"$work/out" 2>"$work/err"
check "a bad EPHPM_KV__ value: exit status 1, nothing run" "1 " "$? $(cat "$work/out")"
grep -q "EPHPM_KV__MEMORY_LIMIT" "$work/err"
check "a bad EPHPM_KV__ value: the message names the variable" "0" "$?"

cat > "$work/KvTest.php" <<'PHP'
<?php
use PHPUnit\Framework\TestCase;
final class KvTest extends TestCase {
    public function testCounter(): void {
        ephpm_kv_set('n', '41');
        $this->assertSame(42, ephpm_kv_incr('n'));
    }
}
PHP
out=$("$EPHPM" php /usr/bin/phpunit "$work/KvTest.php" | tail -n 1)
check "PHPUnit inside the engine" "OK (1 test, 1 assertion)" "$out"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

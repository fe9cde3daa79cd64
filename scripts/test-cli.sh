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

# The ZTS build compiles in what applications commonly need besides the frameworks' own requirements (Debian's
# shared extensions cannot load into it): each database driver must get as far as the network (port 9 on loopback
# refuses), and the image, archive and number extensions must do real work.
if [ "$("$EPHPM" php -r 'echo PHP_ZTS;')" = "1" ]; then
  cat > "$work/zts-extensions.php" <<'PHP'
<?php
$out = [];
foreach (['pdo_mysql' => 'mysql:host=127.0.0.1;port=9', 'pdo_pgsql' => 'pgsql:host=127.0.0.1;port=9'] as $ext => $dsn) {
    try {
        new PDO($dsn, 'user', 'password');
        $out[] = "$ext:connected";
    } catch (PDOException $e) {
        preg_match('/^SQLSTATE\[(\w+)\]/', $e->getMessage(), $state);
        $out[] = "$ext:" . ($state[1] ?? '?') . (stripos($e->getMessage(), 'refused') !== false ? '/refused' : '');
    }
}
mysqli_report(MYSQLI_REPORT_OFF);
@mysqli_connect('127.0.0.1', 'user', 'password', '', 9);
$out[] = 'mysqli:' . mysqli_connect_errno();
$out[] = 'pgsql:' . (@pg_connect('host=127.0.0.1 port=9') === false ? 'refused' : 'connected');
$gd = gd_info();
$out[] = 'gd:' . implode(',', array_keys(array_filter([
    'png' => $gd['PNG Support'], 'jpeg' => $gd['JPEG Support'], 'webp' => $gd['WebP Support'],
    'freetype' => $gd['FreeType Support'],
])));
ob_start();
imagepng(imagecreatetruecolor(4, 4));
$out[] = 'png:' . bin2hex(substr(ob_get_clean(), 1, 3));
$path = tempnam(sys_get_temp_dir(), 'zip');
$zip = new ZipArchive();
$zip->open($path, ZipArchive::OVERWRITE);
$zip->addFromString('a.txt', 'zipped');
$zip->close();
$zip->open($path);
$out[] = 'zip:' . $zip->getFromName('a.txt');
$zip->close();
unlink($path);
$out[] = 'bz2:' . bzdecompress(bzcompress('bz'));
$out[] = 'gmp:' . gmp_strval(gmp_pow(2, 100));
$out[] = 'exif:' . (int) function_exists('exif_read_data');
$socket = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
$out[] = 'sockets:' . (int) ($socket instanceof Socket);
$out[] = 'calendar:' . cal_days_in_month(CAL_GREGORIAN, 2, 2024);
echo implode(' ', $out);
PHP
  check "ZTS: database drivers reach the network; gd, zip, bz2, gmp, exif, sockets, calendar work" \
    "pdo_mysql:HY000/refused pdo_pgsql:08006/refused mysqli:2002 pgsql:refused gd:png,jpeg,webp,freetype png:504e47 zip:zipped bz2:bz gmp:1267650600228229401496703205376 exif:1 sockets:1 calendar:29" \
    "$("$EPHPM" php "$work/zts-extensions.php" 2>&1)"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

<?php
/**
 * ns per operation for ePHPm's KV functions, APCu and Redis (phpredis), from the same PHP hrtime loop.
 *
 * Meant to run inside ePHPm's embedded PHP, where all three are available in one process (bench/kv/run.sh):
 *   ./ephpm php -d apc.enable_cli=1 bench/kv/bench.php --redis-port=6390
 * Options:
 *   --backends=ephpm,apcu,redis   which to measure (those whose functions are missing are skipped, with a note)
 *   --redis-port=N                Redis on 127.0.0.1:N (needed for the redis backend)
 *   --reps=N                      samples per operation and backend; the median is reported (default 7)
 *   --label=TEXT                  title of the table
 *   --json=FILE                   also write the medians to FILE
 *   --merge=FILE                  add the backends measured by another run (its --json file) to the table
 *
 * Method: each operation is a generated `for` loop whose body is one call (`$x = f(...);`), timed with hrtime
 * around the whole loop. An empty loop (`for (...) { }`) is timed alongside in every repetition and its time
 * per iteration is subtracted from each sample. Backends are interleaved within a repetition, so a slow
 * patch of the machine hits all of them. Every loop runs once as warm-up first (ePHPm's three times, so that
 * the JVM's compilers are done). Besides wall time, the process's CPU time (getrusage: every thread, so the
 * JVM's garbage collector and compilers count against ePHPm) is reported per operation.
 */

declare(strict_types=1);

$opts = getopt('', ['backends:', 'redis-port:', 'reps:', 'label:', 'json:', 'merge:']);
$wanted = explode(',', $opts['backends'] ?? 'ephpm,apcu,redis');
$reps = max(1, (int) ($opts['reps'] ?? 7));
$label = $opts['label'] ?? 'ns per operation';

// 16-byte keys, 64-byte and 4 KiB values, random bytes (no backend compresses, but none gets an easy pattern).
$keys = [
    'k' => 'bench:hit:000001',
    'm' => 'bench:mis:000001',
    'c' => 'bench:ctr:000001',
    'b' => 'bench:4ki:000001',
];
foreach ($keys as $key) {
    if (strlen($key) !== 16) {
        throw new LogicException("key $key is not 16 bytes");
    }
}
$v = random_bytes(64);
$big = random_bytes(4096);

/** Each operation: a call per backend, on $k (hit), $m (miss), $c (counter), $b (4 KiB key), $r (Redis). */
$ops = [
    'get hit (64 B)' => ['ephpm_kv_get($k)', 'apcu_fetch($k)', '$r->get($k)'],
    'get miss' => ['ephpm_kv_get($m)', 'apcu_fetch($m)', '$r->get($m)'],
    'set (64 B)' => ['ephpm_kv_set($k, $v)', 'apcu_store($k, $v)', '$r->set($k, $v)'],
    'set with TTL (64 B)' => ['ephpm_kv_set($k, $v, 3600)', 'apcu_store($k, $v, 3600)', '$r->setex($k, 3600, $v)'],
    'incr_by' => ['ephpm_kv_incr_by($c, 3)', 'apcu_inc($c, 3)', '$r->incrBy($c, 3)'],
    'get hit (4 KiB)' => ['ephpm_kv_get($b)', 'apcu_fetch($b)', '$r->get($b)'],
    'set (4 KiB)' => ['ephpm_kv_set($b, $big)', 'apcu_store($b, $big)', '$r->set($b, $big)'],
];
/**
 * Reference loops with no store at all, timed alongside ePHPm's: what PHP itself pays to allocate a string of
 * 4 KiB and copy a value into it, which every get of a 4 KiB value pays on top of the call and the lookup
 * (APCu too). Printed as the floor those rows cannot go under.
 */
$references = [
    'PHP alone: a new 4 KiB string copied from another (substr)' => 'substr($big, 1)',
];
$backendIndex = ['ephpm' => 0, 'apcu' => 1, 'redis' => 2];
$names = ['ephpm' => 'ePHPm', 'apcu' => 'APCu', 'redis' => 'phpredis'];
// Iterations per sample: enough for ~0.1 s in process, fewer for the network round trips.
$iterations = ['ephpm' => 1_000_000, 'apcu' => 1_000_000, 'redis' => 20_000];

$notes = [];
$backends = [];
foreach ($wanted as $backend) {
    $backend = trim($backend);
    switch ($backend) {
        case 'ephpm':
            if (!function_exists('ephpm_kv_get')) {
                $notes[] = 'ePHPm skipped: not running inside ePHPm (use ./ephpm php)';
                continue 2;
            }
            break;
        case 'apcu':
            if (!function_exists('apcu_enabled') || !apcu_enabled()) {
                $notes[] = 'APCu skipped: extension not loaded, or apc.enable_cli=0';
                continue 2;
            }
            break;
        case 'redis':
            if (!class_exists('Redis') || !isset($opts['redis-port'])) {
                $notes[] = 'phpredis skipped: extension not loaded, or no --redis-port';
                continue 2;
            }
            break;
        default:
            fwrite(STDERR, "unknown backend $backend\n");
            exit(64);
    }
    $backends[] = $backend;
}

$r = null;
if (in_array('redis', $backends, true)) {
    $r = new Redis();
    $r->pconnect('127.0.0.1', (int) $opts['redis-port']);
    $r->flushAll();
}

/** A loop of $n calls of $expr, returning elapsed ns; compiled once, like any function in a file. */
function make_loop(string $body): Closure
{
    return eval('return static function (int $n, string $k, string $m, string $c, string $b, string $v,'
        . ' string $big, ?Redis $r): int { $t = hrtime(true); for ($i = 0; $i < $n; $i++) { ' . $body
        . ' } return hrtime(true) - $t; };');
}

/** CPU time of the whole process (all threads), in ns. */
function process_cpu_ns(): int
{
    $u = getrusage();
    return ($u['ru_utime.tv_sec'] + $u['ru_stime.tv_sec']) * 1_000_000_000
        + ($u['ru_utime.tv_usec'] + $u['ru_stime.tv_usec']) * 1000;
}

$empty = make_loop('');
$loops = [];
foreach ($ops as $op => $calls) {
    foreach ($backends as $backend) {
        $loops[$op][$backend] = make_loop('$x = ' . $calls[$backendIndex[$backend]] . ';');
    }
}
$referenceLoops = [];
if (in_array('ephpm', $backends, true)) {
    foreach ($references as $name => $expr) {
        $referenceLoops[$name] = make_loop('$x = ' . $expr . ';');
    }
}
$args = fn (int $n): array => [$n, $keys['k'], $keys['m'], $keys['c'], $keys['b'], $v, $big, $r];

// Initial state: hit keys present, miss key absent, counters at 0.
foreach ($backends as $backend) {
    switch ($backend) {
        case 'ephpm':
            ephpm_kv_set($keys['k'], $v);
            ephpm_kv_set($keys['b'], $big);
            ephpm_kv_del($keys['m']);
            ephpm_kv_set($keys['c'], '0');
            break;
        case 'apcu':
            apcu_store($keys['k'], $v);
            apcu_store($keys['b'], $big);
            apcu_delete($keys['m']);
            apcu_store($keys['c'], 0);
            break;
        case 'redis':
            $r->set($keys['k'], $v);
            $r->set($keys['b'], $big);
            $r->del($keys['m']);
            $r->set($keys['c'], '0');
            break;
    }
}

// Warm-up.
$empty(...$args(1_000_000));
foreach ($ops as $op => $_) {
    foreach ($backends as $backend) {
        $times = $backend === 'ephpm' ? 3 : 1;
        for ($w = 0; $w < $times; $w++) {
            $loops[$op][$backend](...$args($iterations[$backend]));
        }
    }
}
foreach ($referenceLoops as $loop) {
    $loop(...$args(1_000_000));
}
// The set loops overwrote the hit keys with the same values; make sure the gets still hit.
foreach ($backends as $backend) {
    $hit = match ($backend) {
        'ephpm' => ephpm_kv_get($keys['k']) === $v && ephpm_kv_get($keys['b']) === $big,
        'apcu' => apcu_fetch($keys['k']) === $v && apcu_fetch($keys['b']) === $big,
        'redis' => $r->get($keys['k']) === $v && $r->get($keys['b']) === $big,
    };
    if (!$hit) {
        throw new RuntimeException("$backend: the hit keys do not hold the values written");
    }
}

$load = sys_getloadavg();
$samples = [];
$cpuSamples = [];
$emptySamples = [];
$referenceSamples = [];
for ($rep = 0; $rep < $reps; $rep++) {
    foreach ($referenceLoops as $name => $loop) {
        $n = $iterations['ephpm'];
        $emptyNs = $empty(...$args($n)) / $n;
        $referenceSamples[$name][] = $loop(...$args($n)) / $n - $emptyNs;
    }
    foreach ($ops as $op => $_) {
        foreach ($backends as $backend) {
            $n = $iterations[$backend];
            $cpu = process_cpu_ns();
            $emptyNs = $empty(...$args($n)) / $n;
            $emptyCpuNs = (process_cpu_ns() - $cpu) / $n;
            $emptySamples[] = $emptyNs;
            $cpu = process_cpu_ns();
            $samples[$op][$backend][] = $loops[$op][$backend](...$args($n)) / $n - $emptyNs;
            $cpuSamples[$op][$backend][] = (process_cpu_ns() - $cpu) / $n - $emptyCpuNs;
        }
    }
}
$loadAfter = sys_getloadavg();

function median(array $values): float
{
    sort($values);
    $count = count($values);
    return $count % 2 ? $values[intdiv($count, 2)] : ($values[$count / 2 - 1] + $values[$count / 2]) / 2;
}

$result = [];
$cpuResult = [];
foreach ($samples as $op => $byBackend) {
    foreach ($byBackend as $backend => $values) {
        $result[$op][$backend] = median($values);
        $cpuResult[$op][$backend] = median($cpuSamples[$op][$backend]);
    }
}
if (isset($opts['json'])) {
    file_put_contents($opts['json'], json_encode(['label' => $label, 'wall' => $result, 'cpu' => $cpuResult,
        'load' => [$load, $loadAfter], 'empty' => median($emptySamples)], JSON_PRETTY_PRINT));
}
$merged = [];
if (isset($opts['merge'])) {
    $other = json_decode(file_get_contents($opts['merge']), true, flags: JSON_THROW_ON_ERROR);
    $mergedLabel = $other['label'];
    foreach ($other['wall'] as $op => $byBackend) {
        foreach ($byBackend as $backend => $ns) {
            if (!in_array($backend, $backends, true)) {
                $result[$op][$backend] = $ns;
                $merged[$backend] = $other['load'];
            }
        }
    }
}
$firstOp = $result[array_key_first($result)];
$shown = array_values(array_filter(['ephpm', 'apcu', 'redis'], fn ($b) => isset($firstOp[$b])));

// ---- report
printf("%s: median of %d samples, empty-loop time subtracted (empty loop: %.1f ns per iteration)\n", $label,
    $reps, median($emptySamples));
printf("PHP %s, SAPI %s; load average %.2f %.2f %.2f before, %.2f %.2f %.2f after\n", PHP_VERSION,
    function_exists('ephpm_kv_get') ? 'ePHPm embed (./ephpm php)' : PHP_SAPI, ...$load, ...$loadAfter);
foreach ($merged as $backend => [$before, $after]) {
    printf("%s measured by a separate process of the same run (%s; load average %.2f %.2f %.2f before,"
        . " %.2f %.2f %.2f after)\n", $names[$backend], $mergedLabel, ...$before, ...$after);
}
$hasE = in_array('ephpm', $shown, true);
$hasA = in_array('apcu', $shown, true);
$hasR = in_array('redis', $shown, true);
$header = sprintf('%-20s', 'operation');
foreach ($shown as $backend) {
    $header .= sprintf(' %11s', $names[$backend] . ' ns');
}
foreach ($backends as $backend) {
    if ($backend !== 'redis') {
        $header .= sprintf(' %9s', $names[$backend] . ' CPU');
    }
}
if ($hasE && $hasA) {
    $header .= sprintf(' %11s', 'ePHPm/APCu');
}
if ($hasE && $hasR) {
    $header .= sprintf(' %15s', 'phpredis/ePHPm');
}
echo $header, "\n", str_repeat('-', strlen($header)), "\n";
foreach ($result as $op => $byBackend) {
    $line = sprintf('%-20s', $op);
    foreach ($shown as $backend) {
        $line .= sprintf(' %11.1f', $byBackend[$backend]);
    }
    foreach ($backends as $backend) {
        if ($backend !== 'redis') {
            $line .= sprintf(' %9.1f', $cpuResult[$op][$backend]);
        }
    }
    if ($hasE && $hasA) {
        $line .= sprintf(' %11.2f', $byBackend['ephpm'] / $byBackend['apcu']);
    }
    if ($hasE && $hasR) {
        $line .= sprintf(' %15.0f', $byBackend['redis'] / $byBackend['ephpm']);
    }
    echo $line, "\n";
}
echo "(ns: wall time per operation on the PHP thread. CPU: CPU time of the whole process per operation, all\n"
    . " threads, so it includes the JVM's garbage collector and compilers for ePHPm; ratios use wall time)\n";

if ($hasE) {
    echo "\nTargets (ePHPm):\n";
    $verdict = fn (bool $ok): string => $ok ? 'met' : 'NOT met';
    // Every get row and every set row, 4 KiB included: the issue's bounds name no value size.
    foreach (['get' => 100, 'set' => 150] as $verb => $bound) {
        $rows = array_filter(array_keys($result), fn (string $op): bool => str_starts_with($op, $verb . ' ')
            && $op !== 'get miss');
        $over = array_filter($rows, fn (string $op): bool => $result[$op]['ephpm'] > $bound);
        printf("  %s <= %d ns: %s\n", $verb, $bound, implode(', ', array_map(
            fn (string $op): string => sprintf('%s %.1f', $op, $result[$op]['ephpm']), $rows)));
        printf("    %s\n", $over ? 'NOT met for ' . implode(', ', $over) : 'met for every ' . $verb . ' row');
    }
    if ($hasA) {
        $slower = [];
        foreach ($result as $op => $byBackend) {
            if ($byBackend['ephpm'] > $byBackend['apcu']) {
                $slower[] = sprintf('%s (%.2fx)', $op, $byBackend['ephpm'] / $byBackend['apcu']);
            }
        }
        printf("  no slower than APCu: %s\n",
            $slower ? 'NOT met for ' . implode(', ', $slower) : 'met for every operation');
    }
    if ($hasR) {
        $under = [];
        foreach ($result as $op => $byBackend) {
            if ($byBackend['redis'] / $byBackend['ephpm'] < 100) {
                $under[] = sprintf('%s (%.0fx)', $op, $byBackend['redis'] / $byBackend['ephpm']);
            }
        }
        printf("  >= 100x faster than phpredis: %s\n",
            $under ? 'NOT met for ' . implode(', ', $under) : 'met for every operation');
    }
}
if ($hasE && $referenceSamples) {
    // What the 4 KiB get cannot go under in this design: PHP's own allocation and copy of the string, plus the
    // host-function call and a lookup, which the miss row measures with nothing to copy.
    $copy = median($referenceSamples[array_key_first($referenceSamples)]);
    $miss = $result['get miss']['ephpm'];
    echo "\nFloors (ePHPm):\n";
    foreach ($referenceSamples as $name => $values) {
        printf("  %s: %.1f ns\n", $name, median($values));
    }
    printf("  get miss (the host-function call and a hash lookup, nothing copied): %.1f ns\n", $miss);
    printf("  => get hit (4 KiB) pays about both: ~%.1f ns (measured %.1f)", $copy + $miss,
        $result['get hit (4 KiB)']['ephpm']);
    if ($hasR) {
        printf("; 100x phpredis asks for %.1f ns", $result['get hit (4 KiB)']['redis'] / 100);
    }
    echo "\n";
}
foreach ($notes as $note) {
    echo "note: $note\n";
}

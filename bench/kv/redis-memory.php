<?php
/**
 * Redis's memory for one million entries with 16-byte keys and 64-byte values: INFO used_memory after filling,
 * minus before (the server is flushed first). Run by bench/kv/run.sh:
 *   ./ephpm php bench/kv/redis-memory.php <port>
 */

declare(strict_types=1);

$port = (int) ($argv[1] ?? 0);
if ($port <= 0) {
    fwrite(STDERR, "usage: redis-memory.php <port>\n");
    exit(64);
}
$n = 1_000_000;
$r = new Redis();
$r->connect('127.0.0.1', $port);
$r->flushAll();
$usedMemory = fn (): int => (int) $r->info('memory')['used_memory'];
$before = $usedMemory();
$value = str_repeat('v', 64);
for ($start = 0; $start < $n; $start += 10_000) {
    $pipe = $r->multi(Redis::PIPELINE);
    for ($i = $start; $i < $start + 10_000; $i++) {
        $pipe->set(sprintf('mem:%012d', $i), $value); // 16-byte keys, like the ePHPm side
    }
    $pipe->exec();
}
if ($r->dbSize() !== $n) {
    throw new RuntimeException('expected ' . $n . ' keys, Redis has ' . $r->dbSize());
}
$after = $usedMemory();
printf("Redis %s: used_memory %.1f -> %.1f MiB, %.1f bytes/entry (payload 80)\n", $r->info('server')['redis_version'],
    $before / 1048576, $after / 1048576, ($after - $before) / $n);
$r->flushAll();

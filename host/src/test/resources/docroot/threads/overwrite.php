<?php
// Writers overwrite one 4 KiB value again and again, each value one repeated byte (the same length, so the store
// copies it over the stored bytes in place); readers check that every value they read is one whole value.
// Waits at a barrier first, like incr.php, so that all threads really overlap.
$parties = (int) $_GET['parties'];
$n = (int) $_GET['n'];
$role = $_GET['role'];
ephpm_kv_add('blob', str_repeat('a', 4096));
ephpm_kv_incr('blob:arrived');
$deadline = hrtime(true) + 10_000_000_000;
while ((int) ephpm_kv_get('blob:arrived') < $parties) {
    if (hrtime(true) > $deadline) {
        http_response_code(500);
        exit("barrier timeout\n");
    }
    usleep(100);
}
if ($role === 'w') {
    // At least $n writes, and on until the readers have read 2,000 values between them (or 10 s): a busy machine
    // could otherwise let the writers finish before the readers start.
    $deadline = hrtime(true) + 10_000_000_000;
    for ($i = 0; ($i < $n || (int) ephpm_kv_get('blob:reads') < 2000) && hrtime(true) < $deadline; $i++) {
        ephpm_kv_set('blob', str_repeat(chr(ord('a') + $i % 26), 4096));
    }
    ephpm_kv_incr('blob:writers-done');
    echo "done\n";
    exit;
}
$reads = 0;
$torn = 0;
$writers = (int) $_GET['writers'];
while ((int) ephpm_kv_get('blob:writers-done') < $writers) {
    // get, and every other read mget, whose array element is put again when the value changed meanwhile
    $v = $reads % 2 === 0 ? ephpm_kv_get('blob') : ephpm_kv_mget(['blob'])['blob'];
    $reads++;
    ephpm_kv_incr('blob:reads');
    if (strlen($v) !== 4096 || $v !== str_repeat($v[0], 4096)) {
        $torn++;
    }
}
echo "reads=$reads torn=$torn\n";

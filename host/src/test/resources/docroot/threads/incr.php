<?php
// Waits until every concurrent caller has arrived (a barrier in the shared store), then increments one counter
// $n times: the increments of all PHP threads really overlap.
$parties = (int) $_GET['parties'];
$n = (int) $_GET['n'];
$key = $_GET['key'];
ephpm_kv_incr("$key:arrived");
$deadline = hrtime(true) + 10_000_000_000;
while ((int) ephpm_kv_get("$key:arrived") < $parties) {
    if (hrtime(true) > $deadline) {
        http_response_code(500);
        exit("barrier timeout: only " . ephpm_kv_get("$key:arrived") . " of $parties arrived\n");
    }
    usleep(100);
}
for ($i = 0; $i < $n; $i++) {
    ephpm_kv_incr($key);
}
echo "done\n";

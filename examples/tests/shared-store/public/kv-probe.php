<?php

/*
 * Test helper of scripts/test-examples.sh (served only by the shared-store configuration):
 * reports, straight from the ePHPm store, whether the given keys exist, and the store's
 * counters. GET kv-probe.php?keys[]=a&keys[]=b
 *   -> {"exists": {"a": true, "b": false}, "stats": {"entries": ..., "hits": ..., ...}}
 */

header('Content-Type: application/json');

$keys = $_GET['keys'] ?? [];
if (!is_array($keys)) {
    http_response_code(400);
    echo json_encode(['error' => 'pass keys as keys[]=...']);
    return;
}

$exists = [];
foreach ($keys as $key) {
    $exists[(string) $key] = ephpm_kv_exists((string) $key);
}

echo json_encode(['exists' => (object) $exists, 'stats' => ephpm_kv_stats()]);

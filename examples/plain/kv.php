<?php
// One KV read and one atomic increment per request: the benchmark's KV page.
$greeting = ephpm_kv_get('bench:greeting') ?? 'hello';
$hits = ephpm_kv_incr('bench:hits');
echo $greeting, ' #', $hits, "\n";

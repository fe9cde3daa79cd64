<?php
// Exhausts memory_limit: PHP must answer 500, the server must keep serving.
$chunks = [];
while (true) {
    $chunks[] = str_repeat('x', 1 << 20);
}

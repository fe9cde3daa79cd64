<?php
// Sleeps longer than max_execution_time: with the ZTS build's per-thread wall-clock timer the limit ends it.
sleep((int) ($_GET['s'] ?? 5));
echo "woke up\n";

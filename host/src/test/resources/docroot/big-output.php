<?php
$n = (int) ($_GET['n'] ?? 1000000);
$line = str_repeat('0123456789abcdef', 4) . "\n";
for ($i = 0; $i < intdiv($n, strlen($line)); $i++) {
    echo $line;
}

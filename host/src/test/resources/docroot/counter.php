<?php
header('Content-Type: text/plain');
echo ephpm_kv_incr($_GET['key'] ?? 'test:counter'), "\n";

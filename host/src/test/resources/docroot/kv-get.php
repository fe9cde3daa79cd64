<?php
header('Content-Type: text/plain');
echo ephpm_kv_get($_GET['key'] ?? '') ?? '(none)';

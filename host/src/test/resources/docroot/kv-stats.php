<?php
header('Content-Type: application/json');
echo json_encode(ephpm_kv_stats());

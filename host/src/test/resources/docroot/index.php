<?php
// Front controller: what Laravel's and Symfony's public/index.php see.
header('Content-Type: application/json');
echo json_encode([
    'front' => true,
    'uri' => $_SERVER['REQUEST_URI'],
    'script_name' => $_SERVER['SCRIPT_NAME'],
    'script_filename' => $_SERVER['SCRIPT_FILENAME'],
    'query' => $_SERVER['QUERY_STRING'],
    'get' => $_GET,
    'path_info' => $_SERVER['PATH_INFO'] ?? null,
]);

<?php
header('Content-Type: application/json');
$files = [];
foreach ($_FILES as $name => $f) {
    $files[$name] = [
        'name' => $f['name'], 'type' => $f['type'], 'size' => $f['size'], 'error' => $f['error'],
        'sha1' => $f['error'] === UPLOAD_ERR_OK ? sha1_file($f['tmp_name']) : null,
    ];
}
echo json_encode([
    'server' => $_SERVER,
    'get' => $_GET,
    'post' => $_POST,
    'cookie' => $_COOKIE,
    'files' => $files,
    'input_sha1' => sha1(file_get_contents('php://input')),
    'input_length' => strlen(file_get_contents('php://input')),
    'sapi' => PHP_SAPI,
]);

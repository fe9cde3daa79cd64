<?php
// Echoes everything that identifies the request, so a test can see that no state leaks between requests that
// run at the same time on different PHP threads. A short random pause interleaves them.
usleep(random_int(0, 2000));
static $seen = null; // a static in the global scope is per request too
$seen = ($seen ?? 0) + 1;
$GLOBALS['leak'] = ($GLOBALS['leak'] ?? '') . ($_GET['id'] ?? '');
header('X-Echo-Id: ' . ($_SERVER['HTTP_X_REQUEST_ID'] ?? ''));
header('Content-Type: application/json');
echo json_encode([
    'get' => $_GET['id'] ?? null,
    'post' => $_POST['id'] ?? null,
    'cookie' => $_COOKIE['id'] ?? null,
    'header' => $_SERVER['HTTP_X_REQUEST_ID'] ?? null,
    'uri' => $_SERVER['REQUEST_URI'],
    'request' => $_REQUEST['id'] ?? null,
    'input' => file_get_contents('php://input'),
    'leak' => $GLOBALS['leak'],
    'seen' => $seen,
    'thread_define' => defined('REQUEST_MARK') ? REQUEST_MARK : null,
]);
define('REQUEST_MARK', $_GET['id'] ?? '');

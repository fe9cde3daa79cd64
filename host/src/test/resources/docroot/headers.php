<?php
http_response_code(201);
header('X-Test: one');
header('X-Multi: a');
header('X-Multi: b', false);
setcookie('first', 'value 1');
setcookie('second', '2', ['httponly' => true, 'samesite' => 'Lax', 'path' => '/']);
echo "created\n";

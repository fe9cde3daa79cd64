<?php
// Unbounded recursion. Through internal callbacks (array_map) it uses C stack as well as PHP memory: the PHP
// thread's stack must outlast memory_limit, or the whole server would crash instead of this request failing.
// kind=lifted first tries to lift memory_limit, as some apps do: the server refuses (ini_set returns false), so the
// recursion still ends at the limit.
if (($_GET['kind'] ?? '') === 'lifted' && ini_set('memory_limit', '-1') !== false) {
    http_response_code(503);
    exit('memory_limit was lifted');
}
function viaCallback($a) { return array_map('viaCallback', [$a]); }
function plain($n) { return plain($n + 1); }
($_GET['kind'] ?? 'callback') === 'plain' ? plain(0) : viaCallback(1);

<?php
// Unbounded recursion. Through internal callbacks (array_map) it uses C stack as well as PHP memory: the PHP
// thread's stack must outlast memory_limit, or the whole server would crash instead of this request failing.
function viaCallback($a) { return array_map('viaCallback', [$a]); }
function plain($n) { return plain($n + 1); }
($_GET['kind'] ?? 'callback') === 'plain' ? plain(0) : viaCallback(1);

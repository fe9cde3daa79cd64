<?php
// Unbounded recursion. Through internal callbacks (array_map) it uses C stack as well as PHP memory: the PHP
// thread's stack must outlast memory_limit, or the whole server would crash instead of this request failing.
// kind=lifted first tries to lift memory_limit, as some apps do: the server refuses (ini_set returns false), so the
// recursion still ends at the limit.
if (($_GET['kind'] ?? '') === 'lifted' && ini_set('memory_limit', '-1') !== false) {
    http_response_code(503);
    exit('memory_limit was lifted');
}
// kind=tostring and kind=offset recurse through __toString and ArrayAccess, whose levels take the most C stack per
// byte of PHP memory measured (about 5x): with a stack of twice memory_limit they crashed the server.
function viaCallback($a) { return array_map('viaCallback', [$a]); }
function plain($n) { return plain($n + 1); }
class ViaToString { function __toString(): string { return (string) $this; } }
class ViaOffset implements ArrayAccess {
    function offsetGet($o): mixed { return $this[$o + 1]; }
    function offsetExists($o): bool { return true; }
    function offsetSet($o, $v): void {}
    function offsetUnset($o): void {}
}
match ($_GET['kind'] ?? 'callback') {
    'plain' => plain(0),
    'tostring' => (string) new ViaToString(),
    'offset' => (new ViaOffset())[0],
    default => viaCallback(1),
};

<?php
// Never ends on its own: the request timeout must answer 504 and stop it.
$i = 0;
while (true) {
    $i++;
}

<?php
// Tries to lift memory_limit, then holds its PHP thread for a moment so that concurrent requests land on other threads.
$lifted = ini_set('memory_limit', '-1');
usleep(300000);
echo $lifted === false ? 'refused' : 'lifted', ' ', ini_get('memory_limit');

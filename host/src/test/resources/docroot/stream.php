<?php
// Output flushed by the script must reach the client before the script ends.
echo "first\n";
ob_flush();
flush();
usleep(1500000);
echo "second\n";

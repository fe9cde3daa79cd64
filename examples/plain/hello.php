<?php
// The smallest dynamic page: what the benchmark measures against nginx + php-fpm.
echo "Hello, world!\n";

<?php

declare(strict_types=1);

/*
 * Starts Debian's PHPUnit (package "phpunit", /usr/share/php/PHPUnit) with any PHP binary.
 *
 * Why not `$PHP_CMD /usr/bin/phpunit`: that script finds PHPUnit through the include_path
 * (Debian's php.ini adds /usr/share/php, an embedding SAPI such as `ephpm php` may not), and
 * it only works as the main script (its #! line would be printed if it were included).
 *
 * Usage: <php> tools/phpunit.php [phpunit arguments...]
 */

$libDir = getenv('EPHPM_PHP_LIBDIR') ?: '/usr/share/php';
if (!in_array($libDir, explode(PATH_SEPARATOR, get_include_path()), true)) {
    set_include_path(get_include_path() . PATH_SEPARATOR . $libDir);
}
if (!ini_get('date.timezone')) {
    ini_set('date.timezone', 'UTC');
}

$autoload = $libDir . '/PHPUnit/Autoload.php';
if (!is_file($autoload)) {
    fwrite(STDERR, "PHPUnit not found in {$libDir}: apt-get install phpunit\n");
    exit(1);
}

// PHPUnit reads this constant when it starts child processes (process isolation).
define('PHPUNIT_COMPOSER_INSTALL', $autoload);
require $autoload;

PHPUnit\TextUI\Command::main();

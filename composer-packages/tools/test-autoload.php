<?php

declare(strict_types=1);

/*
 * Autoloading for the packages' PHPUnit suites, shared by the three tests/bootstrap.php files.
 *
 * Why not vendor/autoload.php: the frameworks come from Debian packages (/usr/share/php,
 * each library with its own autoload.php), not from Packagist, so the suites run without
 * any `composer install`. Our own classes are mapped with the same PSR-4 rules as the
 * packages' composer.json files.
 *
 * EPHPM_TEST_AUTOLOAD=/path/to/vendor/autoload.php uses a Composer autoloader for the
 * frameworks instead (e.g. a checkout where they were installed from Packagist).
 * EPHPM_PHP_LIBDIR overrides /usr/share/php.
 */

if (!function_exists('ephpm_test_autoload')) {
    /**
     * @param list<string> $debianAutoloaders paths relative to the Debian PHP library directory
     */
    function ephpm_test_autoload(array $debianAutoloaders): void
    {
        $libDir = getenv('EPHPM_PHP_LIBDIR') ?: '/usr/share/php';

        // Debian's autoload.php files require their dependencies through the include_path
        // ("require_once 'Illuminate/Contracts/autoload.php'"); an embedding SAPI may not
        // be configured with Debian's default include_path, so make sure it is there.
        if (!in_array($libDir, explode(PATH_SEPARATOR, get_include_path()), true)) {
            set_include_path(get_include_path() . PATH_SEPARATOR . $libDir);
        }

        $composerAutoload = getenv('EPHPM_TEST_AUTOLOAD');
        if ($composerAutoload !== false && $composerAutoload !== '') {
            require_once $composerAutoload;
        } else {
            foreach ($debianAutoloaders as $relative) {
                $file = $libDir . '/' . $relative;
                if (!is_file($file)) {
                    $hint = 'install the Debian package providing it (see run-tests.sh)';
                    fwrite(STDERR, sprintf("Missing %s: %s.\n", $file, $hint));
                    exit(1);
                }
                require_once $file;
            }
        }

        $root = dirname(__DIR__);
        $map = [
            'Ephpm\\Kv\\Tests\\' => $root . '/kv/tests/',
            'Ephpm\\Kv\\' => $root . '/kv/src/',
            'Ephpm\\Cache\\Laravel\\Tests\\' => $root . '/cache-laravel/tests/',
            'Ephpm\\Cache\\Laravel\\' => $root . '/cache-laravel/src/',
            'Ephpm\\Cache\\Symfony\\Tests\\' => $root . '/cache-symfony/tests/',
            'Ephpm\\Cache\\Symfony\\' => $root . '/cache-symfony/src/',
        ];
        spl_autoload_register(static function (string $class) use ($map): void {
            foreach ($map as $prefix => $dir) {
                if (str_starts_with($class, $prefix)) {
                    $file = $dir . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
                    if (is_file($file)) {
                        require $file;
                    }

                    return;
                }
            }
        });

        if (!ini_get('date.timezone')) {
            ini_set('date.timezone', 'UTC');
        }
    }
}

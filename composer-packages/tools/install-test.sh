#!/usr/bin/env bash
# Offline install test: a fresh Composer project requires ephpm/cache-laravel and
# ephpm/cache-symfony (which pull in ephpm/kv) from Composer "path" repositories, with
# Packagist disabled and COMPOSER_DISABLE_NETWORK=1, then runs tools/install-smoke.php
# against the project's vendor/autoload.php.
#
# Where the framework packages come from: they are not on this machine's Packagist (there
# is none), they are Debian packages in /usr/share/php. The project lists them under
# "extra.debian-packages", and its pre-install/pre-update script, tools/debian-packages.php
# (the same mechanism the examples/ apps use), turns each into a small package named like
# the real one (illuminate/cache, symfony/cache, ...), versioned with the installed Debian
# version, whose only code loads Debian's autoload.php; that script explains why this rather
# than a root "provide".
#
# Usage: tools/install-test.sh   (needs: composer, php, dpkg-query; no network)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

work="$(mktemp -d "${TMPDIR:-/tmp}/ephpm-install-test.XXXXXX")"
if [[ "${KEEP_INSTALL_TEST:-0}" != "1" ]]; then
    trap 'rm -rf "$work"' EXIT
else
    echo "install test directory kept: $work"
fi

# A private Composer home and cache: nothing from the user's global config or cache is used.
export COMPOSER_HOME="$work/composer-home"
export COMPOSER_CACHE_DIR="$work/composer-cache"
export COMPOSER_DISABLE_NETWORK=1
export COMPOSER_ALLOW_SUPERUSER=1
export COMPOSER_NO_INTERACTION=1
unset COMPOSER COMPOSER_VENDOR_DIR COMPOSER_ROOT_VERSION

project="$work/project"
mkdir -p "$project"
# Our packages are copied (symlink: false) like a real install; "versions" gives them the
# release number a tag would give them in a published repository.
cat >"$project/composer.json" <<JSON
{
    "name": "ephpm/install-test",
    "description": "Fresh project installing the ePHPm cache packages offline.",
    "type": "project",
    "license": "MIT",
    "repositories": [
        {"packagist.org": false},
        {"type": "path", "url": "$root/kv", "options": {"symlink": false, "versions": {"ephpm/kv": "1.0.0"}}},
        {"type": "path", "url": "$root/cache-laravel", "options": {"symlink": false, "versions": {"ephpm/cache-laravel": "1.0.0"}}},
        {"type": "path", "url": "$root/cache-symfony", "options": {"symlink": false, "versions": {"ephpm/cache-symfony": "1.0.0"}}},
        {"type": "path", "url": "$work/shims/*"}
    ],
    "scripts": {
        "pre-install-cmd": "@php $here/debian-packages.php $work/shims",
        "pre-update-cmd": "@pre-install-cmd"
    },
    "require": {
        "php": "^8.1",
        "ephpm/cache-laravel": "^1.0",
        "ephpm/cache-symfony": "^1.0",
        "laravel/framework": "^8.83"
    },
    "config": {
        "sort-packages": true
    },
    "extra": {
        "debian-packages": {
            "illuminate/cache": {"deb": "php-illuminate-cache", "autoload": "Illuminate/Cache/autoload.php"},
            "illuminate/contracts": {"deb": "php-illuminate-contracts", "autoload": "Illuminate/Contracts/autoload.php"},
            "illuminate/support": {"deb": "php-illuminate-support", "autoload": "Illuminate/Support/autoload.php"},
            "laravel/framework": {"deb": "php-laravel-framework", "autoload": "Illuminate/autoload.php"},
            "symfony/cache": {"deb": "php-symfony-cache", "autoload": "Symfony/Component/Cache/autoload.php"}
        }
    }
}
JSON

echo "install-test: composer install (offline, Packagist disabled) in $project"
composer --working-dir="$project" install --no-progress --no-ansi 2>&1 | sed 's/^/    /'

for package in ephpm/kv ephpm/cache-laravel ephpm/cache-symfony; do
    if [[ ! -f "$project/vendor/$package/composer.json" ]]; then
        echo "install-test: $package was not installed" >&2
        exit 1
    fi
done

echo "install-test: smoke test against vendor/autoload.php"
php "$here/install-smoke.php" "$project"

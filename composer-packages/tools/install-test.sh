#!/usr/bin/env bash
# Offline install test: a fresh Composer project requires ephpm/cache-laravel and
# ephpm/cache-symfony (which pull in ephpm/kv) from Composer "path" repositories, with
# Packagist disabled and COMPOSER_DISABLE_NETWORK=1, then runs tools/install-smoke.php
# against the project's vendor/autoload.php.
#
# Where the framework packages come from: they are not on this machine's Packagist (there
# is none), they are Debian packages in /usr/share/php. For each one the packages require,
# this script generates a small "shim" package (path repository) named like the real one
# (illuminate/cache, symfony/cache, ...), versioned with the installed Debian version, that
# contains no code of its own: its only autoload entry requires Debian's autoload.php for
# that library. So Composer really resolves our version constraints against the versions
# that are installed, and the code that runs is Debian's. We did not use a root "provide"
# instead because it would satisfy any constraint without checking the installed version.
#
# Usage: tools/install-test.sh   (needs: composer, php, dpkg-query; no network)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
libdir="${EPHPM_PHP_LIBDIR:-/usr/share/php}"

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

debian_version() {
    local version
    if ! version="$(dpkg-query -W -f='${Version}' "$1" 2>/dev/null)" || [[ -z "$version" ]]; then
        echo "install-test: Debian package $1 is not installed (apt-get install -y $1)" >&2
        exit 1
    fi
    # 8.83.26+dfsg-2 -> 8.83.26 ; 5.4.53+dfsg-0+deb12u1 -> 5.4.53 (drop epoch, suffixes)
    version="${version#*:}"
    echo "${version%%[+~-]*}"
}

# make_shim <composer name> <Debian package> <autoload.php path under the library dir>
make_shim() {
    local name="$1" package="$2" autoload="$3" version dir
    version="$(debian_version "$package")"
    dir="$work/shims/${name//\//--}"
    mkdir -p "$dir"
    if [[ ! -f "$libdir/$autoload" ]]; then
        echo "install-test: $libdir/$autoload missing (package $package)" >&2
        exit 1
    fi
    cat >"$dir/composer.json" <<JSON
{
    "name": "$name",
    "version": "$version",
    "description": "Install-test shim: no code of its own, loads Debian's $package ($version) from $libdir/$autoload.",
    "type": "library",
    "license": "MIT",
    "autoload": {
        "files": ["debian-autoload.php"]
    }
}
JSON
    cat >"$dir/debian-autoload.php" <<PHP
<?php

// Debian's autoloaders require their dependencies relative to the include_path.
if (!in_array('$libdir', explode(PATH_SEPARATOR, get_include_path()), true)) {
    set_include_path(get_include_path() . PATH_SEPARATOR . '$libdir');
}
require_once '$libdir/$autoload';
PHP
}

make_shim illuminate/cache php-illuminate-cache Illuminate/Cache/autoload.php
make_shim illuminate/contracts php-illuminate-contracts Illuminate/Contracts/autoload.php
make_shim illuminate/support php-illuminate-support Illuminate/Support/autoload.php
make_shim laravel/framework php-laravel-framework Illuminate/autoload.php
make_shim symfony/cache php-symfony-cache Symfony/Component/Cache/autoload.php

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
    "require": {
        "php": "^8.1",
        "ephpm/cache-laravel": "^1.0",
        "ephpm/cache-symfony": "^1.0",
        "laravel/framework": "^8.83"
    },
    "config": {
        "sort-packages": true
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

#!/usr/bin/env bash
# Builds a thread-safe (ZTS) embed libphp from Debian's php8.2 source package,
# once per machine, cached outside the checkout.
#
#   scripts/build-zts-php.sh              build if needed; last stdout line = libphp.so path
#   scripts/build-zts-php.sh --print-path print the path if already built (exit 1 if not)
#   scripts/build-zts-php.sh --force      rebuild even if a complete build exists
#
# Cache layout (ROOT = ${EPHPM_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ephpm}/php-zts):
#   ROOT/.lock                      flock(1) lock serializing builds
#   ROOT/downloads/                 the Debian source package (.dsc, .orig.tar.xz, .debian.tar.xz)
#   ROOT/last-build.log             full log of the most recent build attempt
#   ROOT/<key>/prefix/              the install prefix (lib/libphp.so, bin/php, bin/php-config,
#                                   include/php/..., ephpm-build.properties, etc/, etc/conf.d/)
#   ROOT/<key>/build.log            the log of the build that produced <key>
#   ROOT/<key>/.complete            written last; a build without it is incomplete
#   ROOT/current -> <key>           the latest successful build
# <key> = <Debian source version>-<hash of the recipe: configure flags, CFLAGS, recipe revision>.
#
# Environment:
#   EPHPM_CACHE_DIR        cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/ephpm)
#   EPHPM_PHP_CFLAGS       CFLAGS for the build (default "-O2 -g"; part of the key)
#   EPHPM_BUILD_JOBS       make -j value (default: nproc)
#   EPHPM_KEEP_PHP_SRC=1   keep the extracted/compiled source tree after a successful build
#   EPHPM_DEB_MIRROR       mirror for the deb-src entry (default http://deb.debian.org/debian)
#   EPHPM_DEB_SECURITY_MIRROR  security mirror for it (default http://deb.debian.org/debian-security)
#   EPHPM_DEB_SUITE        suite for that entry (default bookworm; SUITE-security is added too)
#
# The source comes from bookworm-security when the mirror serves it (the same PHP version and security fixes as
# Debian's libphp8.2-embed), else from bookworm main: the newest version that downloads wins. A cached build is
# reused whatever its version; --force rebuilds from the newest source.

set -euo pipefail

# Bump when the build procedure changes in a way that must invalidate existing builds.
readonly RECIPE_REV=1
readonly SRC_PKG=php8.2
readonly P='[build-php]'
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

CACHE_BASE="${EPHPM_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ephpm}"
ROOT="$CACHE_BASE/php-zts"
PHP_CFLAGS="${EPHPM_PHP_CFLAGS:--O2 -g}"
JOBS="${EPHPM_BUILD_JOBS:-$(nproc 2>/dev/null || echo 2)}"
DEB_MIRROR="${EPHPM_DEB_MIRROR:-http://deb.debian.org/debian}"
DEB_SECURITY_MIRROR="${EPHPM_DEB_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
DEB_SUITE="${EPHPM_DEB_SUITE:-bookworm}"
APT_SRC_FILE=/etc/apt/sources.list.d/ephpm-deb-src.sources

# Flags that define the build (hashed into the key). Prefix-dependent flags are added later.
CONFIGURE_FLAGS=(
  --enable-embed=shared
  --enable-zts
  --disable-zend-signals
  --enable-zend-max-execution-timers
  --enable-cli
  --disable-cgi
  --disable-phpdbg
  --disable-fpm
  --without-pear
  --disable-all
  --with-libxml
  --enable-ctype
  --enable-tokenizer
  --enable-mbstring
  --enable-xml
  --enable-dom
  --enable-simplexml
  --enable-xmlwriter
  --enable-xmlreader
  --with-openssl
  --with-zlib
  --with-curl
  --enable-pdo
  --with-pdo-sqlite
  --with-sqlite3
  --enable-session
  --enable-filter
  --enable-fileinfo
  --enable-bcmath
  --with-sodium
  --enable-intl
  --enable-opcache
  --enable-phar
  --with-iconv
  --enable-posix
  --disable-pcntl
  # What applications commonly need besides the frameworks' own requirements: database drivers (mysqlnd is
  # PHP's own MySQL client, no library needed), images, archives, big numbers. Debian's shared extensions cannot
  # load into a ZTS library, so whatever is not compiled in here is not available with it at all.
  --enable-mysqlnd
  --with-pdo-mysql=mysqlnd
  --with-mysqli=mysqlnd
  --with-pdo-pgsql
  --with-pgsql
  --enable-gd
  --with-jpeg
  --with-webp
  --with-freetype
  --with-zip
  --enable-exif
  --with-bz2
  --with-gmp
  --enable-sockets
  --enable-calendar
)

# Extensions `php -m` must list after the build (names as php -m prints them, lower-cased).
REQUIRED_EXTENSIONS=(
  ctype tokenizer mbstring xml dom simplexml xmlwriter xmlreader openssl zlib curl
  pdo pdo_sqlite sqlite3 session filter fileinfo bcmath sodium intl phar iconv posix
  mysqlnd pdo_mysql mysqli pdo_pgsql pgsql gd zip exif bz2 gmp sockets calendar
)

# Debian packages needed to fetch, unpack and build the source with the flags above.
BUILD_DEPS=(
  build-essential dpkg-dev xz-utils autoconf bison re2c pkg-config
  libxml2-dev libssl-dev zlib1g-dev libcurl4-openssl-dev libsqlite3-dev
  libonig-dev libsodium-dev libicu-dev
  libpq-dev libpng-dev libjpeg-dev libwebp-dev libfreetype-dev libzip-dev libbz2-dev libgmp-dev
)

log() { printf '%s %s\n' "$P" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

usage() {
  cat <<EOF
Usage: $0 [--print-path | --force | --help]

Builds a thread-safe (ZTS) embed libphp from Debian's $SRC_PKG source package into
  $ROOT/<key>/prefix
and points $ROOT/current at it. Progress goes to stderr;
on success the last line of stdout is the absolute path of libphp.so.

  --print-path  print the libphp.so path if a complete build exists, exit 1 otherwise; never builds
  --force       rebuild even if a complete build for the current recipe exists
  --help        show this help
EOF
}

MODE=build
FORCE=0
while (($#)); do
  case "$1" in
    --print-path) MODE=print ;;
    --force) FORCE=1 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
  shift
done

RECIPE_HASH="$(
  {
    printf 'recipe=%s\npkg=%s\ncflags=%s\n' "$RECIPE_REV" "$SRC_PKG" "$PHP_CFLAGS"
    printf '%s\n' "${CONFIGURE_FLAGS[@]}"
  } | sha256sum | cut -c1-12
)"

is_complete() { [[ -f "$1/.complete" && -f "$1/prefix/lib/libphp.so" ]]; }

# Prints the directory of a complete build for this recipe (any PHP source version), preferring
# the one `current` points at, else the highest version. Returns 1 if there is none.
find_complete_build() {
  local cur dir best=""
  if [[ -L "$ROOT/current" ]]; then
    cur="$(readlink -f "$ROOT/current")"
    if [[ "$cur" == *-"$RECIPE_HASH" ]] && is_complete "$cur"; then
      printf '%s\n' "$cur"
      return 0
    fi
  fi
  best="$(for dir in "$ROOT"/*-"$RECIPE_HASH"; do
    if is_complete "$dir"; then printf '%s\n' "$dir"; fi
  done | sort -V | tail -n1)"
  [[ -n "$best" ]] || return 1
  printf '%s\n' "$best"
}

# Struct offsets for this library, from its own headers, beside it: ePHPm finds them there when its Java build
# predates the library (the Java build also embeds them when it finds the library).
write_layout() {
  local prefix=$1 tmp
  [[ -f "$prefix/ephpm-layout.properties" ]] && return 0
  tmp="$(mktemp -d)"
  if "$HERE/gen-php-layout.sh" "$tmp" "$prefix/bin/php-config" "$prefix/lib/libphp.so" 2>/dev/null; then
    mv "$tmp"/*.properties "$prefix/ephpm-layout.properties"
  else
    log "warning: could not generate struct offsets for $prefix/lib/libphp.so (gcc missing?)"
  fi
  rm -rf "$tmp"
}

report_existing() {
  local dir=$1 version=""
  write_layout "$dir/prefix"
  version="$(sed -n 's/^php\.version=//p' "$dir/prefix/ephpm-build.properties" 2>/dev/null || true)"
  log "ZTS libphp ${version:+$version }already built: $dir/prefix"
  printf '%s\n' "$dir/prefix/lib/libphp.so"
}

# ---------------------------------------------------------------------------------------------
# Fast paths (no lock, no apt): the marker is written last, so its presence means complete.
if [[ "$MODE" == print ]]; then
  if dir="$(find_complete_build)"; then
    printf '%s\n' "$dir/prefix/lib/libphp.so"
    exit 0
  fi
  log "no complete ZTS build for recipe $RECIPE_HASH under $ROOT"
  exit 1
fi
if ((!FORCE)) && dir="$(find_complete_build)"; then
  report_existing "$dir"
  exit 0
fi

# ---------------------------------------------------------------------------------------------
# Slow path: serialize with other runs.
mkdir -p "$ROOT/downloads"
exec 9>"$ROOT/.lock"
if ! flock -n 9; then
  log "another build is running (lock $ROOT/.lock); waiting ..."
  flock 9
fi
# Someone else may have finished the build while we waited.
if ((!FORCE)) && dir="$(find_complete_build)"; then
  report_existing "$dir"
  exit 0
fi

LOG_FILE="$ROOT/last-build.log"
: >"$LOG_FILE"
BUILD_START=$SECONDS
# Each step runs as a background job in its own process group (set -m) so that an interrupt can
# stop the whole step (make and its compilers) instead of waiting for it to finish.
STEP_PID=""
on_signal() {
  trap - INT TERM
  log "interrupted; the build is incomplete (no marker written)"
  if [[ -n "$STEP_PID" ]]; then
    kill -TERM -- "-$STEP_PID" 2>/dev/null || kill -TERM "$STEP_PID" 2>/dev/null || true
    wait "$STEP_PID" 2>/dev/null || true
  fi
  exit 130
}
trap on_signal INT TERM
log "building ZTS libphp from Debian $SRC_PKG (recipe $RECIPE_HASH); full log: $LOG_FILE"

# run_step DESCRIPTION COMMAND [ARGS...]: runs the command in a subshell (errexit active, even
# for shell functions, which it is not inside an `if`) with its output appended to the log;
# times it; on failure prints the last 40 log lines and exits with the command's status.
run_step() {
  local desc=$1 start=$SECONDS rc=0
  shift
  log "$desc ..."
  printf '\n===== %s  %s\n$ %s\n' "$(date -u +%FT%TZ)" "$desc" "$*" >>"$LOG_FILE"
  set +e -m
  (set -e; "$@") >>"$LOG_FILE" 2>&1 </dev/null &
  STEP_PID=$!
  set +m
  wait "$STEP_PID"
  rc=$?
  STEP_PID=""
  set -e
  if ((rc != 0)); then
    log "$desc FAILED (exit $rc) after $((SECONDS - start))s; last 40 lines of $LOG_FILE:"
    tail -n 40 "$LOG_FILE" | cut -c1-400 | sed "s/^/$P |   /" >&2
    exit "$rc"
  fi
  log "$desc done in $((SECONDS - start))s"
}

SUDO=()
if ((EUID != 0)); then
  if command -v sudo >/dev/null 2>&1; then SUDO=(sudo -n); fi
fi
as_root() { "${SUDO[@]}" "$@"; }
export DEBIAN_FRONTEND=noninteractive

# ---------------------------------------------------------------------------------------------
# 1. deb-src entries for $SRC_PKG (SUITE main and SUITE-security main) and fresh package lists.
# Not `| grep -q`: grep stops reading early, apt-cache dies of SIGPIPE and pipefail reports a failure.
have_source_index() { [[ "$(apt-cache showsrc --only-source "$SRC_PKG" 2>/dev/null)" == *$'\nVersion: '* ]]; }

apt_update() { as_root apt-get update -q || echo "apt-get update reported errors (continuing)"; }

add_deb_src() {
  local keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  {
    echo "# Added by ePHPm scripts/build-zts-php.sh: source index for $SRC_PKG, with security updates"
    echo "Types: deb-src"
    echo "URIs: $DEB_MIRROR"
    echo "Suites: $DEB_SUITE"
    echo "Components: main"
    if [[ -f "$keyring" ]]; then echo "Signed-By: $keyring"; fi
    echo
    echo "Types: deb-src"
    echo "URIs: $DEB_SECURITY_MIRROR"
    echo "Suites: $DEB_SUITE-security"
    echo "Components: main"
    if [[ -f "$keyring" ]]; then echo "Signed-By: $keyring"; fi
  } | as_root tee "$APT_SRC_FILE" >/dev/null
  cat "$APT_SRC_FILE"
}

APT_UPDATED=0
if have_source_index && grep -qs -- "-security" "$APT_SRC_FILE"; then
  log "deb-src index for $SRC_PKG present"
else
  # Written again when an older version of this script added bookworm main only.
  run_step "adding deb-src entries ($DEB_SUITE and $DEB_SUITE-security) in $APT_SRC_FILE" add_deb_src
  run_step "apt-get update" apt_update
  APT_UPDATED=1
  have_source_index || die "apt cannot find source package $SRC_PKG even with $APT_SRC_FILE (see $LOG_FILE)"
fi

# 2. Build dependencies (explicit names; only installs what is missing).
MISSING_DEPS=()
for pkg in "${BUILD_DEPS[@]}"; do
  if [[ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null || true)" != ii* ]]; then
    MISSING_DEPS+=("$pkg")
  fi
done
if ((${#MISSING_DEPS[@]})); then
  if ((!APT_UPDATED)); then run_step "apt-get update" apt_update; fi
  run_step "installing build dependencies: ${MISSING_DEPS[*]}" \
    as_root apt-get install -y -q --no-install-recommends "${MISSING_DEPS[@]}"
else
  log "build dependencies already installed"
fi
command -v flock >/dev/null || die "flock (util-linux) is required"

# 3. Pick the source version: the newest one whose files download (some mirrors carry the security suite's
# package lists but not its source pool), and from it the cache key. Downloads are kept across builds.
APT_SRC_OPTS=()
if ((EUID == 0)); then APT_SRC_OPTS=(-o APT::Sandbox::User=root); fi
mapfile -t SRC_VERSIONS < <(apt-cache showsrc --only-source "$SRC_PKG" 2>/dev/null |
  sed -n 's/^Version: //p' | sort -Vru)
((${#SRC_VERSIONS[@]})) || die "no version of source package $SRC_PKG is known to apt"
download_source() {
  cd "$ROOT/downloads"
  apt-get source "${APT_SRC_OPTS[@]}" --download-only "$SRC_PKG=$1"
}
DEB_VERSION=""
for candidate in "${SRC_VERSIONS[@]}"; do
  DSC_NAME="${SRC_PKG}_${candidate#*:}.dsc"
  if [[ -f "$ROOT/downloads/$DSC_NAME" ]]; then
    log "source package already downloaded: $ROOT/downloads/$DSC_NAME"
    DEB_VERSION=$candidate
    break
  fi
  log "downloading source package $SRC_PKG=$candidate ..."
  if (download_source "$candidate") >>"$LOG_FILE" 2>&1; then
    DEB_VERSION=$candidate
    break
  fi
  log "$SRC_PKG=$candidate could not be downloaded (see $LOG_FILE); trying an older version"
done
[[ -n "$DEB_VERSION" ]] || die "no version of $SRC_PKG could be downloaded (tried ${SRC_VERSIONS[*]}; see $LOG_FILE)"
UPSTREAM_VERSION="${DEB_VERSION%-*}"
UPSTREAM_VERSION="${UPSTREAM_VERSION#*:}"
KEY="$(printf '%s' "$DEB_VERSION" | tr -c 'A-Za-z0-9.+-' '_')-$RECIPE_HASH"
BUILD_DIR="$ROOT/$KEY"
PREFIX="$BUILD_DIR/prefix"
SRC_DIR="$BUILD_DIR/src"
log "source: $SRC_PKG $DEB_VERSION (PHP $UPSTREAM_VERSION); build dir: $BUILD_DIR"

if is_complete "$BUILD_DIR" && ((!FORCE)); then
  report_existing "$BUILD_DIR"
  exit 0
fi

# 5. Unpack with Debian's patches applied, then regenerate configure the way debian/rules does.
rm -f "$BUILD_DIR/.complete"
rm -rf "$BUILD_DIR"
mkdir -p "$BUILD_DIR"
unpack_source() {
  if ! dpkg-source --no-copy -x "$ROOT/downloads/$DSC_NAME" "$SRC_DIR"; then
    # Most likely a corrupt or partial download: drop it so the next run fetches it again.
    rm -f "$ROOT/downloads/${SRC_PKG}_${UPSTREAM_VERSION}"* "$ROOT/downloads/$DSC_NAME"
    return 1
  fi
  cd "$SRC_DIR"
  ./buildconf --force
}
run_step "unpacking $DSC_NAME (Debian patches applied) and running buildconf" unpack_source

# 6. Configure.
FULL_FLAGS=(
  "--prefix=$PREFIX"
  "--with-config-file-path=$PREFIX/etc"
  "--with-config-file-scan-dir=$PREFIX/etc/conf.d"
  "${CONFIGURE_FLAGS[@]}"
)
check_flags() {
  local help flag
  help="$(./configure --help)"
  for flag in --enable-zts --disable-zend-signals --enable-zend-max-execution-timers --enable-embed; do
    if ! grep -q -e "$flag" <<<"$help"; then
      echo "configure of $SRC_PKG $DEB_VERSION does not know $flag"
      return 1
    fi
    echo "configure knows $flag"
  done
}
do_configure() {
  cd "$SRC_DIR"
  check_flags
  CFLAGS="$PHP_CFLAGS" CXXFLAGS="$PHP_CFLAGS" ./configure "${FULL_FLAGS[@]}"
  # The two settings this build exists for must really be in effect.
  grep -q '^#define ZTS 1' main/php_config.h
  grep -q '^#define ZEND_MAX_EXECUTION_TIMERS 1' main/php_config.h
  if grep -q '^#define ZEND_SIGNALS 1' main/php_config.h; then
    echo "ZEND_SIGNALS is still enabled"
    return 1
  fi
}
run_step "configure" do_configure

# 7. Build and install.
run_step "make -j$JOBS (this takes a while)" make -C "$SRC_DIR" -j"$JOBS"
run_step "make install into $PREFIX" make -C "$SRC_DIR" install

# 8. Post-install: headers at include/php/{main,Zend,...}, ini dirs, opcache path, properties.
PHP_CONFIG="$PREFIX/bin/php-config"
post_install() {
  local inc
  [[ -x "$PHP_CONFIG" ]] || { echo "missing $PHP_CONFIG"; return 1; }
  # Debian's embed patch installs libphp.so into $libdir, which PHP's configure makes
  # <prefix>/lib/php; keep the real file at <prefix>/lib/libphp.so and link the other name.
  if [[ ! -e "$PREFIX/lib/libphp.so" && -f "$PREFIX/lib/php/libphp.so" ]]; then
    mv "$PREFIX/lib/php/libphp.so" "$PREFIX/lib/libphp.so"
    ln -s ../libphp.so "$PREFIX/lib/php/libphp.so"
  fi
  [[ -f "$PREFIX/lib/libphp.so" ]] || { echo "missing $PREFIX/lib/libphp.so"; return 1; }
  mkdir -p "$PREFIX/etc/conf.d"
  # Debian's patches install headers under include/php/<API>/; expose the upstream layout too.
  inc="$("$PHP_CONFIG" --include-dir)"
  if [[ "$inc" != "$PREFIX/include/php" && -d "$inc" ]]; then
    local sub
    for sub in "$inc"/*; do
      local name
      name="$(basename "$sub")"
      if [[ ! -e "$PREFIX/include/php/$name" ]]; then
        ln -s "$(basename "$inc")/$name" "$PREFIX/include/php/$name"
      fi
    done
  fi
  ls -la "$PREFIX" "$PREFIX/lib" "$PREFIX/include/php"
}
run_step "post-install layout" post_install

EXT_DIR="$("$PHP_CONFIG" --extension-dir)"
OPCACHE_SO="$EXT_DIR/opcache.so"
PHP_VERSION="$("$PHP_CONFIG" --version)"
INCLUDE_DIR="$("$PHP_CONFIG" --include-dir)"
[[ -f "$OPCACHE_SO" ]] || die "opcache.so not found at $OPCACHE_SO"

# 9. Verify before declaring the build complete.
verify_build() {
  local php="$PREFIX/bin/php" out ext sym
  "$php" -n -v
  "$php" -n -v | grep -q 'ZTS' || { echo "php -v does not report ZTS"; return 1; }
  out="$("$php" -n -m | tr '[:upper:]' '[:lower:]')"
  for ext in "${REQUIRED_EXTENSIONS[@]}"; do
    grep -qx -e "$ext" <<<"$out" || { echo "extension missing from php -m: $ext"; return 1; }
  done
  echo "all required extensions present"
  out="$("$php" -n -d "zend_extension=$OPCACHE_SO" -v 2>&1)"
  echo "$out"
  grep -q 'with Zend OPcache' <<<"$out" || { echo "opcache does not load"; return 1; }
  out="$(nm -D --defined-only "$PREFIX/lib/libphp.so")"
  for sym in tsrm_startup ts_resource_ex tsrm_get_ls_cache php_embed_init sapi_globals_offset \
    executor_globals_offset compiler_globals_offset core_globals_offset; do
    grep -qw -e "$sym" <<<"$out" || { echo "libphp.so does not export $sym"; return 1; }
  done
  echo "libphp.so exports the TSRM symbols"
}
run_step "verifying (ZTS, extensions, opcache, TSRM exports)" verify_build

cat >"$PREFIX/ephpm-build.properties" <<EOF
# Written by ePHPm scripts/build-zts-php.sh
php.version=$PHP_VERSION
php.source.package=$SRC_PKG
php.source.version=$DEB_VERSION
zts=true
configure.flags=${FULL_FLAGS[*]}
cflags=$PHP_CFLAGS
recipe.hash=$RECIPE_HASH
libphp.path=$PREFIX/lib/libphp.so
php.binary=$PREFIX/bin/php
php-config.path=$PHP_CONFIG
include.dir=$INCLUDE_DIR
extension.dir=$EXT_DIR
opcache.path=$OPCACHE_SO
config.file.path=$PREFIX/etc
config.file.scan.dir=$PREFIX/etc/conf.d
build.date=$(date -u +%FT%TZ)
build.seconds=$((SECONDS - BUILD_START))
EOF

write_layout "$PREFIX"

# 10. Finish: keep the log, drop the object tree, write the marker last, repoint `current`.
cp "$LOG_FILE" "$BUILD_DIR/build.log"
if [[ "${EPHPM_KEEP_PHP_SRC:-0}" != 1 ]]; then rm -rf "$SRC_DIR"; fi
sync -f "$PREFIX/lib/libphp.so" 2>/dev/null || true
date -u +%FT%TZ >"$BUILD_DIR/.complete"
ln -sfn "$KEY" "$ROOT/current.tmp.$$"
mv -Tf "$ROOT/current.tmp.$$" "$ROOT/current"

log "built PHP $PHP_VERSION (ZTS) in $((SECONDS - BUILD_START))s"
log "prefix:     $PREFIX"
log "opcache.so: $OPCACHE_SO"
log "current ->  $ROOT/current"
printf '%s\n' "$PREFIX/lib/libphp.so"

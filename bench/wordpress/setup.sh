#!/usr/bin/env bash
# WordPress on this machine for `make bench-wordpress` (issue 17: Tribune's comment POST timed
# beside WordPress's wp-comments-post.php in the same run, on the same machine).
#
#   sudo bash bench/wordpress/setup.sh [PORT]   install or update, (re)start, print the variables
#   sudo bash bench/wordpress/setup.sh --stop   stop this WordPress's nginx and php-fpm
#
# Runs as root on Debian 12 with only the Debian mirror (no wp-cli, nothing else downloaded), and
# can be run again at any time: it installs only what is missing, keeps its passwords, and
# restarts only its own daemons. What it sets up:
# - Debian's packages: wordpress (6.1) and its twentytwentythree theme, PHP 8.2 php-fpm and
#   php-mysql, MariaDB, nginx. Package scripts are kept from starting daemons during the install
#   (a fresh nginx would otherwise take port 80).
# - MariaDB (started with `service` when systemd is not running): database and user
#   wordpress_bench, password kept in /etc/wordpress-bench/secrets.
# - /etc/wordpress/config-127.0.0.1.php, the host file Debian's wp-config.php looks up.
#   WP-cron is off (DISABLE_WP_CRON) so no loopback request or update check lands in the timings;
#   that can only make WordPress faster, so the comparison stays conservative.
# - Its own php-fpm master: PHP 8.2 with opcache on, pm = static with pm.max_children = 4 (as in
#   the earlier measurement), socket and pid in /run/wordpress-bench.
# - Its own nginx master (own config /etc/wordpress-bench/nginx.conf and pid), listening on
#   127.0.0.1:PORT only (default 8090); other nginx instances and port 80 are left alone.
# - The site installed through WordPress's own wp_install (PHP CLI, provision.php), comments open
#   to anyone and shown at once (no moderation, no "previously approved author", no
#   registration), no notification emails, no flood delay (the mu-plugin bench-comments.php says
#   why), and a post "post-100" with 100 approved comments, like Tribune's bench article.
# Last, on standard output only, the two lines `make bench` reads:
#   BENCH_WORDPRESS_URL=http://127.0.0.1:PORT
#   BENCH_WORDPRESS_POST_ID=N
set -euo pipefail

PORT=${1:-8090}
HERE=$(cd "$(dirname "$0")" && pwd)
ETC=/etc/wordpress-bench
RUN=/run/wordpress-bench
LOG=/var/log/wordpress-bench
LIB=/var/lib/wordpress-bench
HOST_CONFIG=/etc/wordpress/config-127.0.0.1.php
MARKER="Written by Tribune's bench/wordpress/setup.sh"
DB=wordpress_bench
PHP_FPM=php-fpm8.2

# Progress goes to standard error; standard output carries only the two variables at the end.
# The daemons started below must not inherit that saved standard output (fd 3, closed for each
# with 3>&-): `make bench-wordpress` reads it through $(...), which would wait for them forever.
exec 3>&1 1>&2

die() { echo "setup.sh: $*"; exit 1; }
[ "$(id -u)" = 0 ] || die "run as root"

running() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

stop_daemons() {
    if running "$RUN/nginx.pid"; then nginx -c "$ETC/nginx.conf" -s quit; fi
    if running "$RUN/php-fpm.pid"; then kill -QUIT "$(cat "$RUN/php-fpm.pid")"; fi
    echo "WordPress bench nginx and php-fpm stopped (MariaDB left running)"
}

if [ "$PORT" = "--stop" ]; then
    stop_daemons
    exit 0
fi
case "$PORT" in '' | *[!0-9]*) die "PORT must be a number, not '$PORT'" ;; esac
[ "$PORT" -ge 1024 ] || die "PORT must be 1024 or above (port 80 is left to the system's nginx)"

install_packages() {
    local missing=() package
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" ||
            missing+=("$package")
    done
    [ ${#missing[@]} -gt 0 ] || return 0
    echo "Installing ${missing[*]}"
    local policy_added=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        # Exit status 101 tells invoke-rc.d not to start what the packages install.
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        policy_added=yes
    fi
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends --no-upgrade \
        "${missing[@]}" || { [ -z "$policy_added" ] || rm -f /usr/sbin/policy-rc.d; exit 1; }
    [ -z "$policy_added" ] || rm -f /usr/sbin/policy-rc.d
}

# Two steps: with php8.2-fpm already in place, wordpress's "libapache2-mod-php | php" is met by
# php-fpm, and apt does not bring in Apache.
install_packages php8.2-fpm php8.2-cli php8.2-mysql mariadb-server nginx curl
install_packages php php-mysql wordpress wordpress-theme-twentytwentythree

# --- MariaDB -----------------------------------------------------------------------------------
if ! mysqladmin ping --silent >/dev/null 2>&1; then
    if [ -d /run/systemd/system ]; then systemctl start mariadb 3>&-; else service mariadb start 3>&-; fi
fi
for _ in $(seq 30); do mysqladmin ping --silent >/dev/null 2>&1 && break; sleep 1; done
mysqladmin ping --silent >/dev/null || die "MariaDB did not start"

mkdir -p "$ETC" "$RUN" "$LOG" "$LIB/mu-plugins"
if [ ! -s "$ETC/secrets" ]; then
    secret() { od -An -tx1 -N24 /dev/urandom | tr -d ' \n'; }
    {
        echo "DB_PASSWORD=$(secret)"
        echo "ADMIN_PASSWORD=$(secret)"
        for key in AUTH_KEY SECURE_AUTH_KEY LOGGED_IN_KEY NONCE_KEY AUTH_SALT SECURE_AUTH_SALT \
            LOGGED_IN_SALT NONCE_SALT; do echo "$key=$(secret)"; done
    } >"$ETC/secrets.new"
    chmod 600 "$ETC/secrets.new"
    mv "$ETC/secrets.new" "$ETC/secrets"
fi
# shellcheck disable=SC1091
. "$ETC/secrets"

mysql <<SQL
CREATE DATABASE IF NOT EXISTS $DB CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '$DB'@'localhost' IDENTIFIED BY '$DB_PASSWORD';
ALTER USER '$DB'@'localhost' IDENTIFIED BY '$DB_PASSWORD';
GRANT ALL PRIVILEGES ON $DB.* TO '$DB'@'localhost';
SQL

# --- WordPress's host config and the mu-plugin -------------------------------------------------
if [ -e "$HOST_CONFIG" ] && ! grep -q "$MARKER" "$HOST_CONFIG"; then
    die "$HOST_CONFIG exists and was not written by this script; move it away first"
fi
{
    echo "<?php"
    echo "// $MARKER (rewritten on every run; passwords in $ETC/secrets)."
    echo "define('DB_NAME', '$DB');"
    echo "define('DB_USER', '$DB');"
    echo "define('DB_PASSWORD', '$DB_PASSWORD');"
    echo "define('DB_HOST', 'localhost');"
    echo "define('WP_CONTENT_DIR', '/var/lib/wordpress/wp-content');"
    echo "// This site's own mu-plugins (the flood-delay override), not shared with other sites."
    echo "define('WPMU_PLUGIN_DIR', '$LIB/mu-plugins');"
    echo "// No WP-cron: no loopback request or update check inside a timed POST."
    echo "define('DISABLE_WP_CRON', true);"
    for key in AUTH_KEY SECURE_AUTH_KEY LOGGED_IN_KEY NONCE_KEY AUTH_SALT SECURE_AUTH_SALT \
        LOGGED_IN_SALT NONCE_SALT; do echo "define('$key', '${!key}');"; done
} >"$HOST_CONFIG.new"
chown root:www-data "$HOST_CONFIG.new"
chmod 640 "$HOST_CONFIG.new"
mv "$HOST_CONFIG.new" "$HOST_CONFIG"
install -m 644 "$HERE/bench-comments.php" "$LIB/mu-plugins/bench-comments.php"
install -m 644 "$HERE/provision.php" "$LIB/provision.php"

# --- php-fpm: its own master, opcache on, 4 static workers ------------------------------------
cat >"$ETC/php-fpm.conf" <<CONF
; $MARKER
[global]
pid = $RUN/php-fpm.pid
error_log = $LOG/php-fpm.log
daemonize = yes

[wordpress-bench]
user = www-data
group = www-data
listen = $RUN/php-fpm.sock
listen.owner = www-data
listen.group = www-data
listen.mode = 0660
pm = static
pm.max_children = 4
php_admin_value[opcache.enable] = 1
CONF
$PHP_FPM -t -y "$ETC/php-fpm.conf"
if running "$RUN/php-fpm.pid"; then
    kill -USR2 "$(cat "$RUN/php-fpm.pid")" # graceful reload: new settings, fresh opcache
else
    rm -f "$RUN/php-fpm.sock"
    $PHP_FPM -y "$ETC/php-fpm.conf" 3>&-
fi
for _ in $(seq 20); do [ -S "$RUN/php-fpm.sock" ] && break; sleep 0.5; done
[ -S "$RUN/php-fpm.sock" ] || die "php-fpm did not start (see $LOG/php-fpm.log)"

# --- nginx: its own master on 127.0.0.1:PORT --------------------------------------------------
mkdir -p "$RUN/tmp"
# Debian's security update of nginx 1.22 passes HTTP_HOST as $host, without the port; WordPress
# builds the requested URL from HTTP_HOST and, finding no port where its home URL has one,
# redirects every page to itself. This server listens on one port only, so that port is added.
grep -v "HTTP_HOST" /etc/nginx/fastcgi_params >"$ETC/fastcgi_params"
echo 'fastcgi_param  HTTP_HOST  $host:$server_port;' >>"$ETC/fastcgi_params"
cat >"$ETC/nginx.conf" <<CONF
# $MARKER
user www-data;
worker_processes 1;
pid $RUN/nginx.pid;
error_log $LOG/nginx-error.log;
events { worker_connections 512; }
http {
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path $RUN/tmp/body;
    fastcgi_temp_path $RUN/tmp/fastcgi;
    proxy_temp_path $RUN/tmp/proxy;
    uwsgi_temp_path $RUN/tmp/uwsgi;
    scgi_temp_path $RUN/tmp/scgi;
    server {
        # After Debian's /usr/share/doc/wordpress/examples/nginx-wordpress.conf.
        listen 127.0.0.1:$PORT;
        server_name 127.0.0.1;
        root /usr/share/wordpress;
        index index.php;
        location / { try_files \$uri \$uri/ /index.php?\$args; }
        location ~ ^/wp-content/(.*)$ { alias /var/lib/wordpress/wp-content/\$1; }
        location ~ \.php$ {
            include $ETC/fastcgi_params;
            fastcgi_param SCRIPT_FILENAME \$request_filename;
            fastcgi_pass unix:$RUN/php-fpm.sock;
        }
    }
}
CONF
nginx -t -q -c "$ETC/nginx.conf"
if running "$RUN/nginx.pid"; then
    nginx -c "$ETC/nginx.conf" -s reload 3>&-
else
    nginx -c "$ETC/nginx.conf" 3>&-
fi

# --- The site: installed once, then its settings and the 100-comment post ----------------------
as_www() { runuser -u www-data -- php "$LIB/provision.php" "$@"; }
as_www install "$PORT" "$ADMIN_PASSWORD"
POST_ID=$(as_www site "$PORT" | sed -n 's/^POST_ID=//p')
[ -n "$POST_ID" ] || die "no post id from provision.php"

URL="http://127.0.0.1:$PORT"
for _ in $(seq 20); do
    # -L: WordPress may answer ?p= with a redirect to the post's pretty permalink.
    status=$(curl -sL -o /dev/null -w '%{http_code}' "$URL/?p=$POST_ID" || true)
    [ "$status" = 200 ] && break
    sleep 0.5
done
[ "$status" = 200 ] || die "$URL/?p=$POST_ID answered $status (see $LOG/)"
echo "WordPress serves $URL/?p=$POST_ID (admin: user admin, password ADMIN_PASSWORD in $ETC/secrets)"

echo "BENCH_WORDPRESS_URL=$URL" >&3
echo "BENCH_WORDPRESS_POST_ID=$POST_ID" >&3

<?php
/*
 * Plugin Name: Tribune bench: no comment flood delay
 * Description: Installed by Tribune's bench/wordpress/setup.sh into this site's own mu-plugins
 *              directory (WPMU_PLUGIN_DIR in /etc/wordpress/config-127.0.0.1.php), so no other
 *              WordPress site on the machine loads it.
 *
 * Why: `make bench` posts 30 comments in a row from one IP (127.0.0.1). WordPress's core
 * `wp_throttle_comment_flood` (hooked on `comment_flood_filter`) rejects a comment posted less
 * than 15 seconds after the same IP's or email's previous one with "You are posting comments too
 * quickly" (HTTP 429), so 29 of the 30 would fail. Tribune's bench likewise sets its flood limit
 * to 0. This filter runs after core's (priority 10) and overrides only its verdict: WordPress
 * still runs its flood query (the last comment from this IP or email in the past hour) on every
 * POST, so the timed work is what a stock site does minus the refusal.
 */
add_filter( 'comment_flood_filter', '__return_false', 20 );

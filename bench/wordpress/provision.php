<?php
/*
 * Run by bench/wordpress/setup.sh as www-data with PHP CLI (no wp-cli):
 *   php provision.php install PORT ADMIN_PASSWORD  installs the site once (WordPress's own wp_install)
 *   php provision.php site PORT                    settings and the 100-comment post; prints its id
 * Two runs because an uninstalled site can only be loaded with WP_INSTALLING set, and an installed
 * one should be loaded normally (mu-plugins and all) to set it up.
 */
if ( PHP_SAPI !== 'cli' ) {
	exit( 1 );
}
list( , $mode, $port ) = $argv;
// Debian's /etc/wordpress/wp-config.php picks config-<host>.php from the Host header.
$_SERVER['HTTP_HOST']   = "127.0.0.1:$port";
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['SERVER_PORT'] = $port;
$url                    = "http://127.0.0.1:$port";

if ( 'install' === $mode ) {
	define( 'WP_INSTALLING', true );
	require '/usr/share/wordpress/wp-load.php';
	require_once ABSPATH . 'wp-admin/includes/upgrade.php';
	if ( ! is_blog_installed() ) {
		wp_install( 'Tribune bench WordPress', 'admin', 'admin@example.invalid', false, '', $argv[3] );
		echo "WordPress installed\n";
	}
	exit( 0 );
}

require '/usr/share/wordpress/wp-load.php';

update_option( 'siteurl', $url );
update_option( 'home', $url );
// Anyone may comment, and a comment is shown at once: no moderation, no "previously approved
// author" rule, no registration, no closing of old posts. Emails to the author and moderators are
// off: this machine has no mail server, and Tribune's bench tells followers from a queued task,
// not in the request.
$settings = array(
	'default_comment_status'       => 'open',
	'comment_moderation'           => 0,
	'comment_previously_approved'  => 0,
	'comment_registration'         => 0,
	'require_name_email'           => 1,
	'close_comments_for_old_posts' => 0,
	'comments_notify'              => 0,
	'moderation_notify'            => 0,
	'moderation_keys'              => '',
	'disallowed_keys'              => '',
);
foreach ( $settings as $name => $value ) {
	update_option( $name, $value );
}

// Like Tribune's "post-100" bench article: the bench's POSTs go to this post.
$post = get_page_by_path( 'post-100', OBJECT, 'post' );
if ( ! $post ) {
	$post_id = wp_insert_post(
		array(
			'post_title'     => 'Bench post-100',
			'post_name'      => 'post-100',
			'post_content'   => 'Benchmark.',
			'post_status'    => 'publish',
			'post_author'    => 1,
			'comment_status' => 'open',
		),
		true
	);
	if ( is_wp_error( $post_id ) ) {
		fwrite( STDERR, $post_id->get_error_message() . "\n" );
		exit( 1 );
	}
} else {
	$post_id = $post->ID;
	wp_update_post( array( 'ID' => $post_id, 'comment_status' => 'open', 'post_status' => 'publish' ) );
}

// Top up to 100 approved comments (the bench's own POSTs then add to them, as on Tribune's).
$approved = (int) get_comments( array( 'post_id' => $post_id, 'status' => 'approve', 'count' => true ) );
$start    = time() - 100 * 3600;
for ( $i = $approved; $i < 100; $i++ ) {
	$date = gmdate( 'Y-m-d H:i:s', $start + $i * 3600 );
	wp_insert_comment(
		array(
			'comment_post_ID'      => $post_id,
			'comment_author'       => "Reader $i",
			'comment_author_email' => "reader$i@example.com",
			'comment_author_IP'    => '10.0.0.' . ( $i % 250 + 1 ),
			'comment_content'      => "Seeded comment $i. " . str_repeat( 'A sentence of an ordinary reader comment. ', 6 ),
			'comment_date'         => get_date_from_gmt( $date ),
			'comment_date_gmt'     => $date,
			'comment_approved'     => 1,
		)
	);
}
echo "POST_ID=$post_id\n";

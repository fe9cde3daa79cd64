<?php
// Streams until its client goes away, counting its rounds in the store so that a test can see when it stopped.
// ?ignore=1 sets ignore_user_abort and stops by itself once connection_aborted() says the client is gone.
$key = 'gone:' . ($_GET['id'] ?? 'x');
if (isset($_GET['ignore'])) {
    ignore_user_abort(true);
}
register_shutdown_function(function () use ($key) {
    ephpm_kv_set("$key:shutdown", connection_aborted() ? 'aborted' : 'normal');
});
for ($i = 0; $i < 5000; $i++) {
    ephpm_kv_incr("$key:rounds");
    echo str_repeat('x', 16384), "\n";
    flush();
    usleep(1000);
    if (connection_aborted() && isset($_GET['ignore'])) {
        ephpm_kv_set("$key:noticed", 'yes');
        break;
    }
}

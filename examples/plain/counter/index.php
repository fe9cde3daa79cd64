<?php
// Counts its own visits. ephpm_kv_incr is atomic, so concurrent visitors never lose a count,
// and the value lives in the server's memory: no Redis, no database, no file locking.
$visits = ephpm_kv_incr('examples:counter:visits');
?>
<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Visit counter</title><link rel="stylesheet" href="/assets/style.css"></head>
<body>
  <h1>Visit counter</h1>
  <p>This page has been visited <strong id="visits"><?= (int) $visits ?></strong> time<?= $visits === 1 ? '' : 's' ?>.</p>
  <p><a href="/">All examples</a></p>
</body>
</html>

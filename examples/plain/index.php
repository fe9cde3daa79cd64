<?php
// The examples' front page. Every page here is plain PHP using ePHPm's KV host functions
// (ephpm_kv_get, ephpm_kv_incr, ephpm_kv_stats, ...), which need no extension and no Redis.
$pages = [
    '/counter/'     => 'A page that counts its own visits in the KV store',
    '/kv-stats.php' => 'The KV store\'s statistics (ephpm_kv_stats())',
    '/hello.php'    => 'Hello world (the benchmark\'s PHP page)',
    '/kv.php'       => 'One KV get and one incr (the benchmark\'s KV page)',
    '/assets/style.css' => 'A static asset, served with ETag, Range and gzip',
];
?>
<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>ePHPm examples</title>
  <link rel="stylesheet" href="/assets/style.css">
</head>
<body>
  <h1>ePHPm examples</h1>
  <p>PHP <?= htmlspecialchars(PHP_VERSION) ?> (<?= PHP_ZTS ? 'ZTS' : 'NTS' ?>) running inside
     <?= htmlspecialchars($_SERVER['SERVER_SOFTWARE'] ?? 'ePHPm') ?>.</p>
  <ul>
<?php foreach ($pages as $href => $what): ?>
    <li><a href="<?= htmlspecialchars($href) ?>"><?= htmlspecialchars($href) ?></a>: <?= htmlspecialchars($what) ?></li>
<?php endforeach ?>
  </ul>
</body>
</html>

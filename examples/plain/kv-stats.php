<?php
// What the KV store holds and how it is doing; the same figures are exported as Prometheus metrics
// at /_ephpm/metrics (ephpm_kv_*).
$stats = ephpm_kv_stats();
if (($_GET['format'] ?? '') === 'json') {
    header('Content-Type: application/json');
    echo json_encode($stats), "\n";
    return;
}
?>
<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>KV statistics</title><link rel="stylesheet" href="/assets/style.css"></head>
<body>
  <h1>KV store statistics</h1>
  <table>
<?php foreach ($stats as $name => $value): ?>
    <tr><th><?= htmlspecialchars((string) $name) ?></th><td><?= htmlspecialchars(var_export($value, true)) ?></td></tr>
<?php endforeach ?>
  </table>
  <p><a href="?format=json">As JSON</a> · <a href="/">All examples</a></p>
</body>
</html>

<?php
header('Location: /target?from=redirect', true, (int) ($_GET['code'] ?? 302));

<?php
echo "exiting\n";
exit((int) ($_GET['status'] ?? 0));

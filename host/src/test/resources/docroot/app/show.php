<?php
echo "<?php this text is output, not source ?>\n";
echo "SCRIPT=", $_SERVER['SCRIPT_NAME'], "\n";

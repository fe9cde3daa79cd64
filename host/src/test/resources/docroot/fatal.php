<?php
echo "before the fatal\n";
this_function_does_not_exist();

<?php
echo "included:", __FILE__;

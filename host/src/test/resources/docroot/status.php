<?php
http_response_code((int) $_GET['code']);
echo "status ", (int) $_GET['code'], "\n";

<?php
require "included.php";

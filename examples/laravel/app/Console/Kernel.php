<?php

namespace App\Console;

use Illuminate\Foundation\Console\Kernel as ConsoleKernel;

class Kernel extends ConsoleKernel
{
    /**
     * No commands of its own: artisan offers the framework's (key:generate, package:discover,
     * route:list, ...). Commands that touch the ephpm cache (cache:clear) cannot work from a
     * shell, because the store lives inside the ePHPm server process: see README.md.
     */
    protected $commands = [];
}

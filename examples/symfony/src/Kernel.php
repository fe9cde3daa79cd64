<?php

namespace App;

use Symfony\Bundle\FrameworkBundle\Kernel\MicroKernelTrait;
use Symfony\Component\HttpKernel\Kernel as BaseKernel;

/**
 * Bundles come from config/bundles.php, services and framework settings from config/*.yaml,
 * routes from config/routes.yaml (MicroKernelTrait's conventions).
 */
class Kernel extends BaseKernel
{
    use MicroKernelTrait;
}

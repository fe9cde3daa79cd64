<?php

declare(strict_types=1);

namespace Ephpm\Cache\Symfony\Tests;

use Ephpm\Cache\Symfony\EphpmKvAdapter;
use Ephpm\Cache\Symfony\KvOpsInterface;
use Ephpm\Cache\Symfony\Tests\Support\SymfonyTestCase;
use Symfony\Component\Cache\DependencyInjection\CachePoolPass;
use Symfony\Component\DependencyInjection\ChildDefinition;
use Symfony\Component\DependencyInjection\ContainerBuilder;
use Symfony\Component\DependencyInjection\Reference;

/**
 * The service definitions the README gives for the Symfony framework: an abstract
 * "cache.adapter.ephpm" adapter that cache pools use; Symfony's CachePoolPass fills in each
 * pool's namespace and default lifetime (constructor arguments 0 and 1).
 */
final class DependencyInjectionTest extends SymfonyTestCase
{
    public function testPoolsGetTheirOwnNamespaceFromCachePoolPass(): void
    {
        $container = new ContainerBuilder();
        $container->setParameter('cache.prefix.seed', $this->root);
        $container->register(KvOpsInterface::class)->setSynthetic(true)->setPublic(true);
        $container->register('cache.adapter.ephpm', EphpmKvAdapter::class)
            ->setAbstract(true)
            ->setArguments(['', 0, new Reference(KvOpsInterface::class)])
            ->addTag('cache.pool');
        $container->setDefinition('cache.app', new ChildDefinition('cache.adapter.ephpm'))
            ->setPublic(true)
            ->addTag('cache.pool');
        $container->setDefinition('cache.short', new ChildDefinition('cache.adapter.ephpm'))
            ->setPublic(true)
            ->addTag('cache.pool', ['default_lifetime' => 30]);
        $container->addCompilerPass(new CachePoolPass());
        $container->compile();
        $container->set(KvOpsInterface::class, $this->ops);

        $app = $container->get('cache.app');
        $short = $container->get('cache.short');
        self::assertInstanceOf(EphpmKvAdapter::class, $app);
        self::assertInstanceOf(EphpmKvAdapter::class, $short);

        $app->save($app->getItem('k')->set('app'));
        $short->save($short->getItem('k')->set('short'));
        self::assertSame('app', $app->getItem('k')->get());
        self::assertSame('short', $short->getItem('k')->get(), 'different namespaces');
        self::assertTrue($app->clear());
        self::assertTrue($short->getItem('k')->isHit());

        $namespace = $container->getDefinition('cache.short')->getArgument(0);
        self::assertNotSame('', $namespace);
        self::assertSame(30, $this->ops->ttl($namespace . ':k'));
        $this->ops->delPrefix($namespace . ':');
        $this->ops->delPrefix($container->getDefinition('cache.app')->getArgument(0) . ':');
    }
}

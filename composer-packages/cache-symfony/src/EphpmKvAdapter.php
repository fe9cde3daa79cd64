<?php

declare(strict_types=1);

namespace Ephpm\Cache\Symfony;

use Ephpm\Kv\KvOpsInterface as BaseKvOpsInterface;
use Symfony\Component\Cache\Adapter\AbstractAdapter;
use Symfony\Component\Cache\Exception\InvalidArgumentException;
use Symfony\Component\Cache\Exception\LogicException;
use Symfony\Component\Cache\Marshaller\DefaultMarshaller;
use Symfony\Component\Cache\Marshaller\MarshallerInterface;

/**
 * Symfony cache adapter (PSR-6, and Symfony Contracts' CacheInterface through
 * AbstractAdapter) on the ePHPm in-process key-value store.
 *
 * Items are stored under "<namespace>:<key>"; clear() deletes exactly that prefix with one
 * ephpm_kv_del_prefix call, so pools with other namespaces, other applications and
 * sessions are never touched. Values go through a Symfony marshaller (igbinary or
 * serialize, like the Redis adapter), so they keep their PHP types.
 *
 * No PruneableInterface on purpose: the store expires items itself, expired items are never
 * returned, and there is no host function to enumerate keys - prune() could only be a no-op
 * that pretends to do work.
 *
 * The do*() methods carry the return types that Symfony 6 and 7 declare, which are valid
 * (covariant) on Symfony 5.4 too.
 */
class EphpmKvAdapter extends AbstractAdapter
{
    private readonly BaseKvOpsInterface $ops;
    private readonly MarshallerInterface $marshaller;

    /**
     * @param string                  $namespace       prefix of every key of this pool; keep it
     *                                                 non-empty, clear() refuses to run without one
     * @param int                     $defaultLifetime seconds, 0 = items never expire by default
     * @param BaseKvOpsInterface|null $ops             null = the real store (SapiKvOps); throws
     *                                                 KvUnavailableException outside ePHPm
     */
    public function __construct(
        string $namespace = '',
        int $defaultLifetime = 0,
        ?BaseKvOpsInterface $ops = null,
        ?MarshallerInterface $marshaller = null,
    ) {
        $this->ops = $ops ?? new SapiKvOps();
        $this->marshaller = $marshaller ?? new DefaultMarshaller();
        parent::__construct($namespace, $defaultLifetime);
    }

    /** Whether the real store can be used, i.e. the code runs inside ePHPm. */
    public static function isSupported(): bool
    {
        return SapiKvOps::isAvailable();
    }

    protected function doFetch(array $ids): iterable
    {
        if ($ids === []) {
            return [];
        }
        $payloads = $this->call(fn () => $this->ops->mget(array_map('strval', array_values($ids))));

        $values = [];
        foreach ($payloads as $id => $payload) {
            if ($payload !== null) {
                // A payload that cannot be unmarshalled throws; AbstractAdapter logs it and
                // reports that item (and the rest of the batch) as a miss.
                $values[$id] = $this->marshaller->unmarshall($payload);
            }
        }

        return $values;
    }

    protected function doHave(string $id): bool
    {
        return $this->call(fn () => $this->ops->exists($id));
    }

    /**
     * @param string $namespace the pool namespace (plus the optional clear($prefix) argument)
     */
    protected function doClear(string $namespace): bool
    {
        if ($namespace === '') {
            // Deleting the prefix "" would delete every key in ePHPm, including other
            // applications' data and sessions. AbstractAdapter logs this and returns false.
            throw new LogicException(sprintf(
                'Refusing to clear the %s pool: it has no namespace, so clearing it would delete every key in '
                . 'the ePHPm store. Give the pool a namespace (first constructor argument).',
                static::class,
            ));
        }
        $this->call(fn () => $this->ops->delPrefix($namespace));

        return true;
    }

    protected function doDelete(array $ids): bool
    {
        foreach ($ids as $id) {
            $this->call(fn () => $this->ops->del((string) $id));
        }

        return true;
    }

    /**
     * @return array<int, string>|bool the ids that could not be stored (not marshallable, too
     *                                  large, store full, invalid key); [] when all were stored
     */
    protected function doSave(array $values, int $lifetime): array|bool
    {
        $failed = [];
        $payloads = $this->marshaller->marshall($values, $failed);
        $failed ??= []; // a third-party marshaller may leave it null

        foreach ($payloads as $id => $payload) {
            try {
                if (!$this->ops->set((string) $id, $payload, $lifetime)) {
                    $failed[] = $id;
                }
            } catch (\ValueError) {
                // Key over the store's size limit: this item cannot be stored, the others can.
                $failed[] = $id;
            }
        }

        return $failed;
    }

    /**
     * Runs one store call, turning the host's \ValueError (an \Error, which AbstractAdapter
     * would not catch) into a cache exception that it logs and reports as a failure/miss.
     *
     * @template T
     *
     * @param \Closure(): T $call
     *
     * @return T
     */
    private function call(\Closure $call): mixed
    {
        try {
            return $call();
        } catch (\ValueError $e) {
            throw new InvalidArgumentException('The ePHPm store rejected a key: ' . $e->getMessage(), 0, $e);
        }
    }
}

<?php

declare(strict_types=1);

namespace Ephpm\Cache\Laravel;

use Ephpm\Kv\KvOpsInterface as BaseKvOpsInterface;
use Ephpm\Kv\ValueCodec;
use Illuminate\Cache\Lock;

/**
 * Laravel atomic lock on the ePHPm store.
 *
 * acquire: ephpm_kv_add (set-if-absent, with the lock's TTL) - only one owner can win.
 * release: ephpm_kv_del_if (delete only if the stored owner is ours) - a process whose lock
 *          already expired cannot release the lock someone else acquired since, which a
 *          get-then-forget release (Laravel's generic CacheLock) could do.
 *
 * The owner is stored encoded like any cache value, so Cache::get($lockName) returns the
 * owner string, as with Laravel's own cache-backed locks.
 */
final class EphpmLock extends Lock
{
    /**
     * @param string      $key     the full store key (store prefix + lock name)
     * @param string      $name    the lock name as the application knows it
     * @param int         $seconds 0 = held until released
     * @param string|null $owner   null = a new random owner
     */
    public function __construct(
        private readonly BaseKvOpsInterface $ops,
        private readonly ValueCodec $codec,
        private readonly string $key,
        string $name,
        int $seconds,
        ?string $owner = null,
    ) {
        parent::__construct($name, max(0, $seconds), $owner);
    }

    public function acquire(): bool
    {
        return $this->ops->add($this->key, $this->encodedOwner(), (int) $this->seconds);
    }

    public function release(): bool
    {
        return $this->ops->delIf($this->key, $this->encodedOwner());
    }

    /**
     * Releases the lock whoever owns it.
     */
    public function forceRelease(): void
    {
        $this->ops->del($this->key);
    }

    /**
     * @return string|null the owner currently holding the lock, null when it is free
     */
    protected function getCurrentOwner()
    {
        $payload = $this->ops->get($this->key);
        if ($payload === null) {
            return null;
        }
        $owner = $this->codec->decode($payload);

        return \is_string($owner) ? $owner : null;
    }

    private function encodedOwner(): string
    {
        return $this->codec->encode((string) $this->owner);
    }
}

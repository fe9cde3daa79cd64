<?php

declare(strict_types=1);

namespace Ephpm\Cache\Symfony\Tests\Support;

use Psr\Log\AbstractLogger;

/**
 * Keeps what the adapter logs, so tests can check that failures are reported.
 */
final class MemoryLogger extends AbstractLogger
{
    /** @var list<array{level: mixed, message: string, context: array<string, mixed>}> */
    public array $records = [];

    /**
     * @param mixed                $level
     * @param string|\Stringable   $message
     * @param array<string, mixed> $context
     */
    public function log($level, $message, array $context = []): void
    {
        $this->records[] = ['level' => $level, 'message' => (string) $message, 'context' => $context];
    }

    public function messages(): string
    {
        return implode("\n", array_map(
            static fn (array $r): string => strtr($r['message'], ['{key}' => (string) ($r['context']['key'] ?? '')]),
            $this->records,
        ));
    }
}

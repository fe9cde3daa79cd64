<?php

declare(strict_types=1);

/*
 * HTTP for the examples' end-to-end tests (e2e.php): real requests over loopback with
 * ext-curl, one keep-alive connection and one cookie jar per client, and many clients at
 * once through curl_multi.
 */

namespace Ephpm\Examples\Tests;

/** One HTTP response: status, headers (lower-case names, last value wins), body. */
final class Response
{
    /** @param array<string, string> $headers */
    public function __construct(
        public readonly int $status,
        public readonly array $headers,
        public readonly string $body,
    ) {
    }

    public function header(string $name): ?string
    {
        return $this->headers[strtolower($name)] ?? null;
    }

    /** The body as decoded JSON; fails with the body in the message when it is not JSON. */
    public function json(): array
    {
        try {
            $data = json_decode($this->body, true, 512, JSON_THROW_ON_ERROR);
        } catch (\JsonException $e) {
            throw new CheckFailed("expected JSON, got HTTP {$this->status}: " . self::excerpt($this->body));
        }
        if (!is_array($data)) {
            throw new CheckFailed('expected a JSON object, got ' . self::excerpt($this->body));
        }

        return $data;
    }

    public function summary(): string
    {
        return "HTTP {$this->status}: " . self::excerpt($this->body);
    }

    private static function excerpt(string $body): string
    {
        $flat = trim((string) preg_replace('/\s+/', ' ', $body));

        return strlen($flat) > 300 ? substr($flat, 0, 300) . '...' : $flat;
    }
}

/** Send one request $times times from one client (see HttpClient::concurrently()). */
final class RequestPlan
{
    /** @param array<int, string> $headers "Name: value" lines */
    public function __construct(
        public readonly string $method,
        public readonly string $url,
        public readonly int $times,
        public readonly array $headers = [],
    ) {
    }

    /** @return list<self> $clients copies of one plan */
    public static function clients(int $clients, string $method, string $url, int $times, array $headers = []): array
    {
        return array_fill(0, $clients, new self($method, $url, $times, $headers));
    }
}

/** A failed check; the runner reports its message. */
final class CheckFailed extends \RuntimeException
{
}

/** One client: a keep-alive connection and its own cookie jar (in memory). */
final class HttpClient
{
    private readonly \CurlHandle $curl;

    /** @var array<string, string> */
    private array $responseHeaders = [];

    public function __construct(private readonly string $baseUrl)
    {
        $this->curl = curl_init();
        curl_setopt_array($this->curl, [
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_COOKIEFILE => '',          // turn on curl's cookie engine, in memory only
            CURLOPT_TIMEOUT => 60,
            CURLOPT_CONNECTTIMEOUT => 5,
            CURLOPT_HEADERFUNCTION => function (\CurlHandle $curl, string $line): int {
                if (str_contains($line, ':')) {
                    [$name, $value] = explode(':', $line, 2);
                    $this->responseHeaders[strtolower(trim($name))] = trim($value);
                }

                return strlen($line);
            },
        ]);
    }

    /** @param array<int, string> $headers "Name: value" lines */
    public function request(string $method, string $path, array $headers = []): Response
    {
        self::prepare($this->curl, $method, $this->baseUrl . $path, $headers);
        $this->responseHeaders = [];
        $body = curl_exec($this->curl);
        if ($body === false) {
            throw new CheckFailed("{$method} {$path}: " . curl_error($this->curl));
        }

        return new Response((int) curl_getinfo($this->curl, CURLINFO_RESPONSE_CODE), $this->responseHeaders, (string) $body);
    }

    public function get(string $path, array $headers = []): Response
    {
        return $this->request('GET', $path, $headers);
    }

    public function post(string $path, array $headers = []): Response
    {
        return $this->request('POST', $path, $headers);
    }

    /**
     * Runs one client per plan, all at the same time; each sends its plan's request
     * $plan->times times, one after the other, on its own keep-alive connection.
     *
     * @param list<RequestPlan> $plans
     *
     * @return list<list<Response>> the responses of each client, in the order of $plans
     */
    public static function concurrently(array $plans): array
    {
        $multi = curl_multi_init();
        $clientOf = [];
        $left = [];
        $headersOf = [];
        $responses = [];
        foreach ($plans as $index => $plan) {
            $curl = curl_init();
            $id = spl_object_id($curl);
            $clientOf[$id] = $index;
            $left[$id] = $plan->times;
            $headersOf[$id] = [];
            $responses[$index] = [];
            curl_setopt_array($curl, [
                CURLOPT_RETURNTRANSFER => true,
                CURLOPT_TIMEOUT => 120,
                CURLOPT_CONNECTTIMEOUT => 5,
                CURLOPT_HEADERFUNCTION => static function (\CurlHandle $c, string $line) use (&$headersOf): int {
                    if (str_contains($line, ':')) {
                        [$name, $value] = explode(':', $line, 2);
                        $headersOf[spl_object_id($c)][strtolower(trim($name))] = trim($value);
                    }

                    return strlen($line);
                },
            ]);
            self::prepare($curl, $plan->method, $plan->url, $plan->headers);
            curl_multi_add_handle($multi, $curl);
        }

        do {
            $status = curl_multi_exec($multi, $running);
            if ($status !== CURLM_OK) {
                throw new CheckFailed('curl_multi_exec: ' . curl_multi_strerror($status));
            }
            while (($info = curl_multi_info_read($multi)) !== false) {
                $curl = $info['handle'];
                $id = spl_object_id($curl);
                $plan = $plans[$clientOf[$id]];
                if ($info['result'] !== CURLE_OK) {
                    throw new CheckFailed("{$plan->method} {$plan->url} (concurrent): " . curl_strerror($info['result']));
                }
                $responses[$clientOf[$id]][] = new Response(
                    (int) curl_getinfo($curl, CURLINFO_RESPONSE_CODE),
                    $headersOf[$id],
                    (string) curl_multi_getcontent($curl),
                );
                curl_multi_remove_handle($multi, $curl);
                if (--$left[$id] > 0) {
                    $headersOf[$id] = [];
                    curl_multi_add_handle($multi, $curl);   // the same handle keeps its connection
                    $running = 1;
                }
            }
            if ($running) {
                curl_multi_select($multi, 1.0);
            }
        } while ($running);
        curl_multi_close($multi);

        return $responses;
    }

    /** @param array<int, string> $headers */
    private static function prepare(\CurlHandle $curl, string $method, string $url, array $headers): void
    {
        curl_setopt($curl, CURLOPT_URL, $url);
        curl_setopt($curl, CURLOPT_HTTPHEADER, $headers);
        match ($method) {
            'GET' => curl_setopt($curl, CURLOPT_HTTPGET, true),
            'POST' => curl_setopt($curl, CURLOPT_POSTFIELDS, ''),   // an empty POST body
            default => throw new \InvalidArgumentException("only GET and POST are used here, not {$method}"),
        };
    }
}

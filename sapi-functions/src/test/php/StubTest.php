<?php

declare(strict_types=1);

namespace Ephpm\Kv\Tests;

use PHPUnit\Framework\TestCase;

/**
 * The IDE stub sapi-functions/stubs/ephpm-kv.stub.php against the engine: the same functions with the same
 * signatures, each documented.
 *
 * The stub declares global functions, which the engine already has, so it is loaded into a namespace of its own
 * (its source with that namespace declaration put in front): its functions then sit next to the real ones, and
 * Reflection compares the two. This also proves the stub is valid PHP that declares functions and nothing else.
 */
final class StubTest extends TestCase
{
    public const STUB = __DIR__ . '/../../../stubs/ephpm-kv.stub.php';
    private const NS = 'EphpmKvStubUnderTest';

    /** @var array<string, \ReflectionFunction>|null the stub's functions by global name, once loaded */
    private static ?array $stub = null;
    /** Why loading failed: it is tried once, since a second eval would redeclare what the first one declared. */
    private static ?\Throwable $loadFailure = null;

    /** @return array<string, \ReflectionFunction> */
    private static function stub(): array
    {
        if (self::$loadFailure !== null) {
            throw self::$loadFailure;
        }
        if (self::$stub === null) {
            try {
                self::$stub = self::load();
            } catch (\Throwable $e) {
                self::$loadFailure = $e;
                throw $e;
            }
        }
        return self::$stub;
    }

    /** @return array<string, \ReflectionFunction> */
    private static function load(): array
    {
        $source = file_get_contents(self::STUB);
        self::assertIsString($source, 'cannot read ' . self::STUB);
        self::assertStringStartsWith("<?php\n", $source, 'the stub starts with <?php on a line of its own');
        foreach (token_get_all($source) as $token) {
            self::assertNotContains(
                is_array($token) ? $token[0] : $token,
                [T_NAMESPACE, T_DECLARE, T_INLINE_HTML, T_CLOSE_TAG, T_CLASS, T_INTERFACE, T_TRAIT, T_CONST],
                'the stub holds global function declarations only'
            );
        }
        $functionsBefore = get_defined_functions()['user'];
        $classesBefore = get_declared_classes();
        $constantsBefore = array_keys(get_defined_constants());
        ob_start();
        try {
            $result = eval('namespace ' . self::NS . ';' . substr($source, strlen('<?php')));
        } finally {
            $output = ob_get_clean();
        }
        self::assertNull($result, 'the stub returns nothing');
        self::assertSame('', $output, 'the stub prints nothing');
        self::assertSame($classesBefore, get_declared_classes(), 'the stub declares no class');
        self::assertSame($constantsBefore, array_keys(get_defined_constants()), 'the stub defines no constant');

        $prefix = strtolower(self::NS) . '\\';
        $functions = [];
        foreach (array_diff(get_defined_functions()['user'], $functionsBefore) as $declared) {
            self::assertStringStartsWith($prefix, $declared);
            $functions[substr($declared, strlen($prefix))] = new \ReflectionFunction($declared);
        }
        ksort($functions);
        return $functions;
    }

    public function testTheStubDeclaresExactlyTheEngineFunctions(): void
    {
        $this->assertNotEmpty(EngineFunctions::kv());
        $this->assertSame(EngineFunctions::kv(), array_keys(self::stub()));
    }

    /** @return array<string, array{string}> */
    public function engineFunctions(): array
    {
        $rows = [];
        foreach (EngineFunctions::kv() as $name) {
            $rows[$name] = [$name];
        }
        return $rows;
    }

    /** @dataProvider engineFunctions */
    public function testTheStubSignatureIsTheEngineSignature(string $name): void
    {
        $stub = self::stub()[$name] ?? null;
        $this->assertNotNull($stub, "the stub does not declare $name()");
        $this->assertSame(
            FunctionSignature::describe(new \ReflectionFunction($name)),
            FunctionSignature::describe($stub)
        );
    }

    /** @dataProvider engineFunctions */
    public function testTheStubDocumentsTheFunction(string $name): void
    {
        $stub = self::stub()[$name] ?? null;
        $this->assertNotNull($stub, "the stub does not declare $name()");
        $doc = $stub->getDocComment();
        $this->assertIsString($doc, "$name() has no doc comment in the stub");
        $summary = trim(explode("\n", $doc)[1] ?? '', " *");
        $this->assertNotSame('', $summary, "$name(): the doc comment starts with a summary line");
        foreach ($stub->getParameters() as $p) {
            $this->assertMatchesRegularExpression(
                '/@param\s+[^$\n]+\s\$' . $p->getName() . '\s+\S/',
                $doc,
                "$name(): @param for \${$p->getName()}, with a description"
            );
            if ($p->getName() === 'key' || $p->getName() === 'prefix') {
                $this->assertStringContainsString('@throws ValueError', $doc, "$name() documents its ValueError");
            }
        }
        $this->assertMatchesRegularExpression('/@return\s+\S+/', $doc, "$name(): @return");
        $this->assertSame(
            1,
            preg_match('/\{\s*\}\s*$/', implode('', array_slice(
                file(self::STUB),
                $stub->getStartLine() - 1,
                $stub->getEndLine() - $stub->getStartLine() + 1
            ))),
            "$name(): a stub's body is empty"
        );
    }

    public function testPlainPhpParsesTheStubAndWouldDeclareTheFunctionsWithoutEPhpm(): void
    {
        // Under plain php (no ePHPm functions) the stub must load as is, for tools that execute it.
        $php = '/usr/bin/php8.2';
        $this->assertFileExists($php, 'php8.2-cli is a test dependency (./ephpm TEST_PACKAGES)');
        $code = 'require $argv[1]; $f = array_values(array_filter(get_defined_functions()["user"],'
            . ' fn ($n) => str_starts_with($n, "ephpm_kv_"))); sort($f); echo implode(",", $f);';
        $out = [];
        exec(escapeshellarg($php) . ' -n -r ' . escapeshellarg($code) . ' ' . escapeshellarg(self::STUB) . ' 2>&1', $out, $status);
        $this->assertSame(0, $status, implode("\n", $out));
        $this->assertSame(implode(',', EngineFunctions::kv()), implode("\n", $out));
    }
}

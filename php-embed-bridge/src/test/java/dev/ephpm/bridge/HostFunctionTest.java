package dev.ephpm.bridge;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Host functions look and behave like PHP's own internal functions. */
class HostFunctionTest {
    private final PhpRuntime php = TestRuntime.get();

    private String run(String code) {
        var r = php.execute(PhpRequest.code(code).build());
        return r.body();
    }

    @Test
    void listedByExtensionAndReflection() {
        assertEquals("true", run("<?php echo json_encode(in_array('t_add', get_extension_funcs('ephpm')));"));
        assertEquals("true", run("<?php echo json_encode(extension_loaded('ephpm'));"));
        assertEquals("int $a, int $b = 10: int", run("<?php $f = new ReflectionFunction('t_add'); echo implode(', ',"
                + " array_map(fn($p) => $p->getType() . ' $' . $p->getName() . ($p->isOptional() ? ' = '"
                + " . $p->getDefaultValue() : ''), $f->getParameters())), ': ', $f->getReturnType();"));
    }

    @Test
    void reflectionDetails() {
        assertEquals("2|1|?string|string|float|10|int|void|true",
                run("<?php $a = new ReflectionFunction('t_add'); $n = new ReflectionFunction('t_nullable');"
                        + " $o = new ReflectionFunction('t_opt');"
                        + " echo implode('|', [$a->getNumberOfParameters(), $a->getNumberOfRequiredParameters(),"
                        + " $n->getReturnType(), $n->getParameters()[0]->getType()->getName(),"
                        + " (new ReflectionFunction('t_float'))->getReturnType(),"
                        + " $a->getParameters()[1]->getDefaultValue(), $a->getReturnType(),"
                        + " (new ReflectionFunction('t_throw'))->getReturnType(), json_encode($a->isInternal())]);"));
    }

    @Test
    void weakModeCoercionFollowsPhp() {
        assertEquals("8|13|yes|no|3|got:5|got:1.5", run("<?php echo implode('|', [t_add('5', 3), t_add(3.0),"
                + " t_bool(1), t_bool(''), t_float(1.5), t_nullable(5), t_nullable(1.5)]);"));
    }

    @Test
    void typeErrorsCarryPhpsMessages() {
        assertEquals("TypeError: t_add(): Argument #1 ($a) must be of type int, array given",
                run("<?php try { t_add([]); } catch (TypeError $e) { echo get_class($e), ': ', $e->getMessage(); }"));
        assertEquals("TypeError: t_add(): Argument #1 ($a) must be of type int, string given",
                run("<?php try { t_add('five'); } catch (TypeError $e) { echo get_class($e), ': ', $e->getMessage(); }"));
        assertEquals("TypeError: t_echo(): Argument #1 ($s) must be of type string, array given",
                run("<?php try { t_echo([1]); } catch (TypeError $e) { echo get_class($e), ': ', $e->getMessage(); }"));
        assertEquals("TypeError: t_keys(): Argument #1 ($keys) must be of type array, string given",
                run("<?php try { t_keys('x'); } catch (TypeError $e) { echo get_class($e), ': ', $e->getMessage(); }"));
        assertEquals("TypeError: t_keys(): Argument #1 ($keys) must contain only strings or ints, float given",
                run("<?php try { t_keys(['a', 1.5]); } catch (TypeError $e) { echo get_class($e), ': ', $e->getMessage(); }"));
        assertEquals("TypeError: t_keys(): Argument #1 ($keys) must contain only strings or ints, ArrayObject given",
                run("<?php try { t_keys([new ArrayObject()]); } catch (TypeError $e) { echo $e::class, ': ', $e->getMessage(); }"));
    }

    @Test
    void strictTypesRejectsCoercion() {
        assertEquals("t_add(): Argument #1 ($a) must be of type int, string given|3",
                run("<?php declare(strict_types=1); try { t_add('5'); } catch (TypeError $e) { echo $e->getMessage(); }"
                        + " echo '|', t_float(1) + 1;"));
    }

    @Test
    void argumentCount() {
        assertEquals("ArgumentCountError: t_add() expects at least 1 argument, 0 given",
                run("<?php try { t_add(); } catch (ArgumentCountError $e) { echo get_class($e), ': ', $e->getMessage(); }"));
        assertEquals("ArgumentCountError: t_add() expects at most 2 arguments, 3 given",
                run("<?php try { t_add(1, 2, 3); } catch (ArgumentCountError $e) { echo get_class($e), ': ', $e->getMessage(); }"));
        assertEquals("ArgumentCountError: t_rev() expects exactly 1 argument, 0 given",
                run("<?php try { t_rev(); } catch (ArgumentCountError $e) { echo get_class($e), ': ', $e->getMessage(); }"));
    }

    @Test
    void nullToNonNullableIsDeprecatedAndCoerced() {
        var r = php.execute(PhpRequest.code("<?php echo '[', t_echo(null), ']';").build());
        assertEquals("[]", r.body());
        assertEquals(true, r.result().errors().stream().anyMatch(e -> e.contains(
                "t_echo(): Passing null to parameter #1 ($s) of type string is deprecated")), r.result().errors().toString());
    }

    @Test
    void deprecationHandlerThatThrowsIsHonoured() {
        assertEquals("caught: t_echo(): Passing null to parameter #1 ($s) of type string is deprecated",
                run("<?php set_error_handler(function ($no, $msg) { throw new ErrorException($msg); });"
                        + " try { t_echo(null); echo 'not here'; } catch (ErrorException $e) { echo 'caught: ', $e->getMessage(); }"));
    }

    @Test
    void optionalAndNullableDefaults() {
        assertEquals("dflt/null|x/null|x/5|got:a|NULL", run("<?php echo implode('|', [t_opt(), t_opt('x'), t_opt('x', 5),"
                + " t_nullable('a'), var_export(t_nullable(null), true)]);"));
    }

    @Test
    void binarySafeStringsBothWays() {
        assertEquals("ok", run("<?php $s = \"a\\0b\\xff\\xfe\\x00\"; $r = t_echo($s);"
                + " echo ($r === $s && strlen($r) === 6 && t_rev(\"\\0\\xff\") === \"\\xff\\0\") ? 'ok' : bin2hex($r);"));
        assertEquals("0|", run("<?php $e = t_echo(''); echo strlen($e), '|', $e;"));
    }

    /**
     * borrowBytes reuses one array per argument index: a shorter string after a longer one, two arguments at once,
     * binary bytes, a default, and strings on both sides of the word-copy threshold and of the kept-array bound.
     */
    @Test
    void borrowedArgumentsAreExactAndIndependent() {
        assertEquals("ok", run("<?php\n"
                + "$cases = [['hello world, a longer key', 'x'], ['hi', \"\\0\\xff\\0\"], ['', 'b'],"
                + " [str_repeat('k', 47), str_repeat('v', 48)], [str_repeat('a', 70000), 'short'],"
                + " ['abc', str_repeat('z', 100000)], ['q', 'r']];\n"
                + "foreach ($cases as [$a, $b]) {\n"
                + "  $want = strlen($a) . ':' . $a . '|' . strlen($b) . ':' . $b;\n"
                + "  if (t_borrow($a, $b) !== $want) { echo 'bad ', strlen($a), ' ', strlen($b); exit; }\n"
                + "}\n"
                + "echo t_borrow('k') === '1:k|4:dflt' ? 'ok' : t_borrow('k');"));
    }

    /**
     * copyBytes fills a caller's array on both sides of the word-copy threshold and from a default; a string
     * returned twice in one call is the second, and the first is freed (no memory grows over many calls).
     */
    @Test
    void copiedArgumentsAndAStringReturnedTwice() {
        assertEquals("ok", run("<?php\n"
                + "foreach (['', 'x', \"\\0\\xff\", str_repeat('k', 48), str_repeat('v', 49), random_bytes(100000)]"
                + " as $s) {\n"
                + "  if (t_copy_twice($s) !== $s) { echo 'bad ', strlen($s); exit; }\n"
                + "}\n"
                + "if (t_copy_twice() !== 'dflt') { echo 'bad default'; exit; }\n"
                + "$x = t_copy_twice('warm'); $before = memory_get_usage();\n"
                + "for ($i = 0; $i < 10000; $i++) { $x = t_copy_twice('abc'); }\n"
                + "echo memory_get_usage() === $before ? 'ok' : 'grew by ' . (memory_get_usage() - $before);"));
    }

    /** A PerThread value is created once per thread and kept across calls and requests. */
    @Test
    void perThreadValuesPersistOnTheirThread() {
        String first = run("<?php echo t_per_thread();");
        String thread = first.substring(0, first.lastIndexOf(':'));
        long n = Long.parseLong(first.substring(first.lastIndexOf(':') + 1));
        assertEquals(thread + ":" + (n + 1) + " " + thread + ":" + (n + 2),
                run("<?php echo t_per_thread(), ' ', t_per_thread();"));
    }

    @Test
    void arraysInAndOut() {
        assertEquals("{\"a\":\"a\",\"12\":\"12\",\"\\u0000b\":\"\\u0000b\",\"7\":\"7\"}|integer",
                run("<?php $r = t_keys(['a', '12', \"\\0b\", 7]); echo json_encode($r), '|', gettype(array_keys($r)[1]);"));
        assertEquals("{\"entries\":3,\"ratio\":0.5,\"ok\":true,\"name\":\"x\",\"nothing\":null}",
                run("<?php echo json_encode(t_stats());"));
        assertEquals("[]", run("<?php echo json_encode(t_keys([]));"));
        assertEquals("{\"x\":\"x\"}", run("<?php $a = ['k' => 'x']; $r = &$a['k']; echo json_encode(t_keys($a));"));
    }

    @Test
    void opcacheIsActiveUnderTheFpmSapiName() {
        assertEquals("fpm-fcgi|true", run("<?php $s = opcache_get_status(false);"
                + " echo php_sapi_name(), '|', json_encode($s['opcache_enabled'] ?? false);"));
    }

    @Test
    void inMemoryCodeWithTheSameNameIsNeverServedFromTheCache() {
        assertEquals("one", run("<?php echo 'one';"));
        assertEquals("two", run("<?php echo 'two';"));
    }

    @Test
    void utf8Text() {
        String s = "h\u00e9llo \u4e16\u754c";
        var r = php.execute(PhpRequest.code("<?php echo t_echo('" + s + "'), '|', strlen(t_echo('" + s + "'));").build());
        assertEquals(s + "|" + s.getBytes(StandardCharsets.UTF_8).length, r.body());
    }
}

package dev.ephpm.sapi;

import dev.ephpm.bridge.function.HostCall;
import dev.ephpm.bridge.function.HostFunction;
import dev.ephpm.bridge.function.PerThread;
import dev.ephpm.bridge.function.PhpError;
import dev.ephpm.kv.IncrFailedException;
import dev.ephpm.kv.KvStats;
import dev.ephpm.kv.KvStore;

import java.util.List;

import static dev.ephpm.bridge.function.PhpType.ARRAY;
import static dev.ephpm.bridge.function.PhpType.BOOL;
import static dev.ephpm.bridge.function.PhpType.FALSE;
import static dev.ephpm.bridge.function.PhpType.INT;
import static dev.ephpm.bridge.function.PhpType.NULL;
import static dev.ephpm.bridge.function.PhpType.STRING;

/**
 * The {@code ephpm_kv_*} functions: PHP arguments in, one store call, PHP values out. Signatures and semantics are
 * documented in the IDE stub {@code sapi-functions/stubs/ephpm-kv.stub.php}; the PHP suite in
 * {@code src/test/php} (StubTest) keeps the two in step.
 *
 * <p>TTLs cross in seconds (PHP) and become milliseconds (store). Keys are validated here, where a
 * {@code ValueError} naming the function and argument can be raised; the store itself stays PHP-agnostic.
 * get, set and incr, the calls that run in hot loops, look their key up from the thread's borrowed buffer
 * ({@link HostCall#borrowBytes}), through the thread's own handle on the store ({@link KvStore#local()}), and
 * allocate nothing for it. Their values move once, straight between PHP's memory and the store's arrays: get
 * copies the stored array into the PHP string it returns, set copies the PHP string into the store's array
 * (over the stored bytes, when a value of the same length is overwritten in place).
 */
public final class KvFunctions {
    /** get's sink: the stored bytes become the returned PHP string. */
    private static final KvStore.ValueSink<HostCall> RETURN_STRING = HostCall::returnString;
    /** set's source: the bytes of the value argument (index 1). */
    private static final KvStore.ValueSource<HostCall> VALUE_ARGUMENT =
            (c, destination) -> c.copyBytes(1, destination);

    private final KvStore store;
    /** Each PHP thread's own handle on the store, for get and incr (see {@link KvStore#local()}). */
    private final PerThread<KvStore.Local> local;

    private KvFunctions(KvStore store) {
        this.store = store;
        this.local = PerThread.withInitial(store::local);
    }

    /** Every {@code ephpm_kv_*} function, bound to {@code store}. */
    public static List<HostFunction> all(KvStore store) {
        return new KvFunctions(store).functions();
    }

    private List<HostFunction> functions() {
        return List.of(
                HostFunction.named("ephpm_kv_get").param("key", STRING).returns(STRING, NULL).body(this::get),
                HostFunction.named("ephpm_kv_set").param("key", STRING).param("value", STRING)
                        .optionalParam("ttl", INT, "0").returns(BOOL).body(c -> write(c, false)),
                add("ephpm_kv_add"),
                add("ephpm_kv_setnx"),
                HostFunction.named("ephpm_kv_incr_by").param("key", STRING).param("delta", INT).returns(INT, FALSE)
                        .body(c -> incr(c, c.getLong(1))),
                HostFunction.named("ephpm_kv_incr").param("key", STRING).returns(INT, FALSE).body(c -> incr(c, 1)),
                HostFunction.named("ephpm_kv_decr").param("key", STRING).returns(INT, FALSE).body(c -> incr(c, -1)),
                HostFunction.named("ephpm_kv_expire").param("key", STRING).param("ttl", INT).returns(BOOL)
                        .body(c -> c.returnBool(store.expire(key(c, 0), expireMillis(c.getLong(1))))),
                HostFunction.named("ephpm_kv_ttl").param("key", STRING).returns(INT)
                        .body(c -> c.returnLong(store.ttl(key(c, 0)))),
                HostFunction.named("ephpm_kv_pttl").param("key", STRING).returns(INT)
                        .body(c -> c.returnLong(store.pttl(key(c, 0)))),
                HostFunction.named("ephpm_kv_del").param("key", STRING).returns(INT)
                        .body(c -> c.returnLong(store.delete(key(c, 0)) ? 1 : 0)),
                HostFunction.named("ephpm_kv_exists").param("key", STRING).returns(BOOL)
                        .body(c -> c.returnBool(store.exists(key(c, 0)))),
                HostFunction.named("ephpm_kv_del_if").param("key", STRING).param("expected", STRING).returns(BOOL)
                        .body(c -> c.returnBool(store.deleteIf(key(c, 0), c.bytes(1)))),
                HostFunction.named("ephpm_kv_mget").param("keys", ARRAY).returns(ARRAY).body(this::mget),
                HostFunction.named("ephpm_kv_del_prefix").param("prefix", STRING).returns(INT).body(c -> {
                    byte[] prefix = c.bytes(0);
                    if (prefix.length == 0) {
                        throw PhpError.valueError(c.argumentMessage(0,
                                "must not be empty (use ephpm_kv_flush_all() to empty the store)"));
                    }
                    c.returnLong(store.deletePrefix(prefix));
                }),
                HostFunction.named("ephpm_kv_flush_all").returns(BOOL).body(c -> {
                    store.flushAll();
                    c.returnBool(true);
                }),
                HostFunction.named("ephpm_kv_stats").returns(ARRAY).body(this::stats));
    }

    private HostFunction add(String name) {
        return HostFunction.named(name).param("key", STRING).param("value", STRING)
                .optionalParam("ttl", INT, "0").returns(BOOL).body(c -> write(c, true));
    }

    /**
     * set, or add when {@code onlyIfAbsent}. The sizes are checked before the key and value are copied into the
     * Java heap: a value PHP's memory_limit allowed may still be more than the heap can take at once.
     */
    private void write(HostCall c, boolean onlyIfAbsent) {
        int keyLength = checkKey(c, 0, c.stringLength(0));
        long valueLength = c.stringLength(1);
        long ttl = ttlMillis(c.getLong(2));
        if (!onlyIfAbsent && ttl <= 0 && valueLength <= Integer.MAX_VALUE) {
            // May overwrite in place; checks the sizes itself before it copies the value in.
            c.returnBool(c.perThread(local).set(c.borrowBytes(0), 0, keyLength, (int) valueLength, c,
                    VALUE_ARGUMENT, ttl));
        } else if (!store.admitsSize(keyLength, valueLength)) {
            c.returnBool(false);
        } else {
            // A new entry either way: the store's own arrays, straight from PHP's memory.
            byte[] key = c.bytes(0);
            byte[] value = c.bytes(1);
            c.returnBool(onlyIfAbsent ? store.add(key, value, ttl) : store.set(key, value, ttl));
        }
    }

    private void get(HostCall c) {
        int len = checkKey(c, 0, c.stringLength(0));
        if (!c.perThread(local).get(c.borrowBytes(0), 0, len, c, RETURN_STRING)) {
            c.returnNull();
        }
    }

    private void incr(HostCall c, long delta) {
        int len = checkKey(c, 0, c.stringLength(0));
        try {
            c.returnLong(c.perThread(local).incrBy(c.borrowBytes(0), 0, len, delta));
        } catch (IncrFailedException e) {
            c.returnBool(false);
        }
    }

    /**
     * Each value goes straight from the stored array into the PHP array, through the same sink as get: a value read
     * again because it was overwritten meanwhile is put under its key again, which replaces (and frees) the first.
     */
    private void mget(HostCall c) {
        byte[][] keys = c.arrayOfStrings(0);
        for (byte[] k : keys) {
            checkKey(c, 0, k.length, "must contain only non-empty keys", "must contain only keys of at most");
        }
        KvStore.Local handle = c.perThread(local);
        Element element = new Element(c.returnArray(keys.length));
        for (byte[] key : keys) {
            element.key = key;
            if (!handle.get(key, 0, key.length, element, PUT_ELEMENT)) {
                element.out.putNull(key);
            }
        }
    }

    /** The element of mget's result being filled. */
    private static final class Element {
        final HostCall.ArrayWriter out;
        byte[] key;

        Element(HostCall.ArrayWriter out) {
            this.out = out;
        }
    }

    private static final KvStore.ValueSink<Element> PUT_ELEMENT = (e, value) -> e.out.put(e.key, value);

    private void stats(HostCall c) {
        KvStats s = store.stats();
        c.returnArray(8)
                .put("entries", s.entries())
                .put("bytes_used", s.bytesUsed())
                .put("byte_limit", s.byteLimit())
                .put("hits", s.hits())
                .put("misses", s.misses())
                .put("evictions", s.evictions())
                .put("expirations", s.expirations())
                .put("rejected_writes", s.rejectedWrites());
    }

    /** The key argument's bytes, after checking it is a key the store accepts. */
    private byte[] key(HostCall c, int index) {
        checkKey(c, index, c.stringLength(index));
        return c.bytes(index);
    }

    private int checkKey(HostCall c, int index, long length) {
        return checkKey(c, index, length, "must not be empty", "must not be longer than");
    }

    private int checkKey(HostCall c, int index, long length, String empty, String tooLong) {
        if (length == 0) {
            throw PhpError.valueError(c.argumentMessage(index, empty));
        }
        int max = store.config().maxKeyBytes();
        if (length > max) {
            throw PhpError.valueError(c.argumentMessage(index, tooLong + " " + max + " bytes, was " + length));
        }
        return (int) length;
    }

    /** Seconds to milliseconds for set/add: {@code <= 0} means no expiry; absurd values saturate. */
    static long ttlMillis(long seconds) {
        if (seconds <= 0) {
            return 0;
        }
        return seconds > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : seconds * 1000;
    }

    /** For expire, {@code <= 0} must stay {@code <= 0}: it deletes the key. */
    static long expireMillis(long seconds) {
        return seconds <= 0 ? 0 : ttlMillis(seconds);
    }
}

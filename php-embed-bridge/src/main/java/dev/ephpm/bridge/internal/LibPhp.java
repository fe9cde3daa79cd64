package dev.ephpm.bridge.internal;

import dev.ephpm.bridge.PhpStartupException;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The loaded libphp: its symbols as downcall handles, its version, whether it is thread-safe, and its struct
 * layout. Exactly one per process: PHP's globals are process-wide.
 */
public final class LibPhp {
    /** Zend Engine 4.2 is PHP 8.2; module API 20220829. Other versions have other struct layouts and ABIs. */
    public static final String SUPPORTED = "PHP 8.2.x (Zend Engine 4.2, module API 20220829), NTS or ZTS";
    private static final int SUPPORTED_API = 20220829;
    private static final int RTLD_NOW = 0x2;
    private static final int RTLD_GLOBAL = 0x100;

    private static volatile LibPhp loaded;
    /** The library dlopen'ed into this process, even if loading failed later: its symbols are global now. */
    private static Path opened;

    static final Linker LINKER = Linker.nativeLinker();
    static final AddressLayout C_POINTER = ADDRESS;

    public final Path path;
    public final boolean zts;
    public final String phpVersion;
    private final SymbolLookup lookup;

    // start-up and lifecycle
    final MethodHandle zendSignalStartup;
    final MethodHandle sapiStartup;
    final MethodHandle phpModuleStartup;
    final MethodHandle phpModuleShutdown;
    final MethodHandle sapiShutdown;
    final MethodHandle phpRequestStartup;
    final MethodHandle phpRequestShutdown;
    final MethodHandle phpExecuteScript;
    final MethodHandle zendStreamInitFilename;
    final MethodHandle zendDestroyFileHandle;
    final MethodHandle phpRegisterVariableSafe;
    final MethodHandle phpHandleAuthData;
    final MethodHandle zendExecuteScripts;
    // thread-safe builds only
    final MethodHandle phpTsrmStartup;
    final MethodHandle tsResourceEx;
    final MethodHandle tsFreeThread;
    final MethodHandle tsrmGetLsCache;
    // values and errors, used from host functions
    final MethodHandle parseArgStrSlow;
    final MethodHandle parseArgLongSlow;
    final MethodHandle parseArgBoolSlow;
    final MethodHandle parseArgDoubleSlow;
    final MethodHandle wrongParameterTypeError;
    final MethodHandle wrongParametersCountError;
    final MethodHandle throwException;
    /**
     * Allocates on the request heap. With {@link #fallibleAlloc} it is {@code _femalloc} (returns NULL when over
     * memory_limit); otherwise {@code _emalloc}, whose over-limit error is a longjmp, so callers in upcalls must
     * first make sure the allocation fits ({@link HostCallImpl} does).
     */
    final MethodHandle alloc;
    /**
     * Whether {@link #alloc} returns NULL instead of raising "Allowed memory size exhausted". Debian backported
     * {@code _femalloc} into 8.2.36; builds from older sources (8.2.32 from bookworm main) lack it.
     */
    final boolean fallibleAlloc;
    final MethodHandle efree;
    final MethodHandle memoryUsage;
    final MethodHandle newArray;
    final MethodHandle addAssocStringl;
    final MethodHandle addAssocLong;
    final MethodHandle addAssocNull;
    final MethodHandle addAssocBool;
    final MethodHandle addAssocDouble;
    final MethodHandle addAssocStr;
    final MethodHandle addNextIndexStr;
    final MethodHandle addNextIndexLong;
    final MethodHandle hashStrFind;
    final MethodHandle iniParseQuantity;
    final MethodHandle zvalTypeName;
    final MethodHandle zendError;
    final MethodHandle throwUnwindExit;
    final MethodHandle unsetTimeout;

    private LibPhp(Path path, SymbolLookup lookup, boolean zts, String phpVersion) {
        this.path = path;
        this.lookup = lookup;
        this.zts = zts;
        // Not from Layout: reading Layout fixes the offsets for the process, and this constructor may still fail.
        this.phpVersion = phpVersion;

        zendSignalStartup = optional("zend_signal_startup", FunctionDescriptor.ofVoid());
        sapiStartup = fn("sapi_startup", FunctionDescriptor.ofVoid(ADDRESS));
        phpModuleStartup = fn("php_module_startup", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        phpModuleShutdown = fn("php_module_shutdown", FunctionDescriptor.ofVoid());
        sapiShutdown = fn("sapi_shutdown", FunctionDescriptor.ofVoid());
        phpRequestStartup = fn("php_request_startup", FunctionDescriptor.of(JAVA_INT));
        phpRequestShutdown = fn("php_request_shutdown", FunctionDescriptor.ofVoid(ADDRESS));
        phpExecuteScript = fn("php_execute_script", FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS));
        zendStreamInitFilename = fn("zend_stream_init_filename", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
        zendDestroyFileHandle = fn("zend_destroy_file_handle", FunctionDescriptor.ofVoid(ADDRESS));
        phpHandleAuthData = fn("php_handle_auth_data", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        // int zend_execute_scripts(int type, zval *retval, int file_count, ...): one file handle after the count.
        zendExecuteScripts = LINKER.downcallHandle(symbol("zend_execute_scripts"),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), Linker.Option.firstVariadicArg(3));
        phpRegisterVariableSafe = fn("php_register_variable_safe",
                FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));

        phpTsrmStartup = zts ? fn("php_tsrm_startup", FunctionDescriptor.of(JAVA_BOOLEAN)) : null;
        tsResourceEx = zts ? fn("ts_resource_ex", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS)) : null;
        tsFreeThread = zts ? fn("ts_free_thread", FunctionDescriptor.ofVoid()) : null;
        tsrmGetLsCache = zts ? fn("tsrm_get_ls_cache", FunctionDescriptor.of(ADDRESS)) : null;

        parseArgStrSlow = fn("zend_parse_arg_str_slow", FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS, ADDRESS, JAVA_INT));
        parseArgLongSlow = fn("zend_parse_arg_long_slow", FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS, ADDRESS, JAVA_INT));
        parseArgBoolSlow = fn("zend_parse_arg_bool_slow", FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS, ADDRESS, JAVA_INT));
        parseArgDoubleSlow = fn("zend_parse_arg_double_slow", FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS, ADDRESS, JAVA_INT));
        wrongParameterTypeError = fn("zend_wrong_parameter_type_error", FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, ADDRESS));
        wrongParametersCountError = fn("zend_wrong_parameters_count_error", FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT));
        throwException = fn("zend_throw_exception", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
        // Allocation and accounting never call back into Java or user code: critical downcalls skip the thread
        // state transition, which is most of the cost of a short call.
        fallibleAlloc = lookup.find("_femalloc").isPresent();
        alloc = critical(fallibleAlloc ? "_femalloc" : "_emalloc", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
        efree = critical("_efree", FunctionDescriptor.ofVoid(JAVA_LONG));
        memoryUsage = critical("zend_memory_usage", FunctionDescriptor.of(JAVA_LONG, JAVA_BOOLEAN));
        newArray = critical("_zend_new_array", FunctionDescriptor.of(JAVA_LONG, JAVA_INT));
        addAssocStringl = critical("add_assoc_stringl_ex",
                FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        addAssocLong = critical("add_assoc_long_ex", FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        addAssocNull = critical("add_assoc_null_ex", FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_LONG, JAVA_LONG));
        addAssocBool = critical("add_assoc_bool_ex", FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_BOOLEAN));
        addAssocDouble = critical("add_assoc_double_ex",
                FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_LONG, JAVA_LONG, ValueLayout.JAVA_DOUBLE));
        addAssocStr = critical("add_assoc_str_ex", FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        addNextIndexStr = critical("add_next_index_str", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
        addNextIndexLong = critical("add_next_index_long", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
        hashStrFind = critical("zend_hash_str_find", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        // zend_long zend_ini_parse_quantity(zend_string *value, zend_string **errstr): no warning, no callbacks.
        iniParseQuantity = critical("zend_ini_parse_quantity", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG));
        // const char *zend_zval_type_name(const zval *): PHP's own name for a value's type in TypeErrors ("int",
        // "stdClass", ...); reads the zval and the class entry, nothing else.
        zvalTypeName = critical("zend_zval_type_name", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
        // What exit() does: an uncatchable internal exception that unwinds the script; no longjmp.
        throwUnwindExit = fn("zend_throw_unwind_exit", FunctionDescriptor.ofVoid());
        // void zend_unset_timeout(void): disarms max_execution_time's timer and clears EG(timed_out).
        unsetTimeout = fn("zend_unset_timeout", FunctionDescriptor.ofVoid());
        // void zend_error(int type, const char *format, ...), called as zend_error(type, "%s", message). Not
        // critical: a user error handler may run, and call host functions.
        zendError = LINKER.downcallHandle(symbol("zend_error"), FunctionDescriptor.ofVoid(JAVA_INT, JAVA_LONG, JAVA_LONG),
                Linker.Option.firstVariadicArg(2));
    }

    /** The library loaded in this process, or null. */
    public static LibPhp current() {
        return loaded;
    }

    /**
     * Opens libphp at {@code path} (once per process), checks that it is a supported version and finds the struct
     * layout generated from its headers.
     */
    public static synchronized LibPhp load(Path path) {
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            throw new PhpStartupException("libphp not found at " + path + " (install Debian's libphp8.2-embed, or set"
                    + " [php] library to the path of a libphp.so)", e);
        }
        if (loaded != null) {
            if (!loaded.path.equals(real)) {
                throw new PhpStartupException("this process already runs " + loaded.path + "; one libphp per process");
            }
            return loaded;
        }
        if (opened != null && !opened.equals(real)) {
            throw new PhpStartupException("this process already opened " + opened + " (its symbols are global);"
                    + " it cannot load " + real + " as well");
        }
        // RTLD_GLOBAL: Debian's shared extensions (mbstring.so, opcache.so, ...) resolve their PHP symbols against
        // the already-loaded libphp; the JDK's own library lookup opens it RTLD_LOCAL and they would fail to load.
        try (Arena arena = Arena.ofConfined()) {
            MethodHandle dlopen = LINKER.downcallHandle(LINKER.defaultLookup().find("dlopen").orElseThrow(),
                    FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
            MemorySegment handle = (MemorySegment) dlopen.invokeExact(arena.allocateFrom(real.toString()),
                    RTLD_NOW | RTLD_GLOBAL);
            if (handle.equals(MemorySegment.NULL)) {
                MethodHandle dlerror = LINKER.downcallHandle(LINKER.defaultLookup().find("dlerror").orElseThrow(),
                        FunctionDescriptor.of(ADDRESS));
                MemorySegment err = (MemorySegment) dlerror.invokeExact();
                throw new PhpStartupException("cannot load " + real + ": " + cString(err));
            }
            opened = real;
        } catch (PhpStartupException e) {
            throw e;
        } catch (Throwable t) {
            throw new PhpStartupException("cannot load " + real + ": " + t, t);
        }
        SymbolLookup lookup = SymbolLookup.libraryLookup(real, Arena.global());

        boolean zts = lookup.find("ts_resource_ex").isPresent();
        Properties layout = findLayout(real);
        if (Long.parseLong(layout.getProperty("zend.module_api_no").trim()) != SUPPORTED_API) {
            throw new PhpStartupException(real + " is PHP " + layout.getProperty("php.version") + " (module API "
                    + layout.getProperty("zend.module_api_no").trim() + "); ePHPm supports " + SUPPORTED);
        }
        // The offsets are only valid for the very file whose headers produced them: a package upgrade since the
        // build could have grown a struct (Debian's 8.2.x backports did, without an API change).
        String expected = layout.getProperty("library.sha256", "").trim();
        String actual = sha256(real);
        if (!expected.equals(actual) || ("1".equals(layout.getProperty("zts").trim())) != zts) {
            throw new PhpStartupException(real + " changed since its struct layout was generated (PHP "
                    + layout.getProperty("php.version") + "): rebuild ePHPm (./ephpm rebuilds when needed)");
        }
        Layout.Source.install(layout);
        loaded = new LibPhp(real, lookup, zts, layout.getProperty("php.version").trim());
        return loaded;
    }

    /** Finds the layout properties generated for exactly this library file (see scripts/gen-php-layout.sh). */
    private static Properties findLayout(Path real) {
        String name = sha1(real.toString()).substring(0, 16) + ".properties";
        String explicit = System.getProperty("ephpm.php.layout");
        // A ZTS build made after ePHPm was built carries its own layout (scripts/build-zts-php.sh writes it).
        Path besideLibrary = real.getParent() == null ? null
                : real.getParent().resolveSibling("ephpm-layout.properties");
        Properties p = new Properties();
        try (InputStream in = explicit != null ? Files.newInputStream(Path.of(explicit))
                : layoutResourceOr(name, besideLibrary)) {
            if (in == null) {
                throw new PhpStartupException("no struct layout was generated for " + real + ": the build generates"
                        + " one for /usr/lib/libphp8.2.so and for the ZTS build of scripts/build-zts-php.sh; for"
                        + " another library run scripts/gen-php-layout.sh DIR PHP_CONFIG " + real
                        + " and pass -Dephpm.php.layout=DIR/<file>.properties");
            }
            p.load(in);
        } catch (IOException e) {
            throw new PhpStartupException("cannot read the struct layout for " + real, e);
        }
        return p;
    }

    private static InputStream layoutResourceOr(String name, Path besideLibrary) throws IOException {
        InputStream in = LibPhp.class.getResourceAsStream("/dev/ephpm/bridge/layout/" + name);
        if (in == null && besideLibrary != null && Files.isReadable(besideLibrary)) {
            in = Files.newInputStream(besideLibrary);
        }
        return in;
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new PhpStartupException("cannot read " + file, e);
        }
    }

    /**
     * After module start-up: the engine's own version must be the one whose headers gave the layout (the headers
     * package and the library package can be upgraded separately).
     */
    void verifyRunningVersion() throws Throwable {
        MethodHandle getZendVersion = LINKER.downcallHandle(symbol("get_zend_version"), FunctionDescriptor.of(ADDRESS));
        String zend = cString((MemorySegment) getZendVersion.invokeExact());
        MethodHandle moduleVersion = LINKER.downcallHandle(symbol("zend_get_module_version"),
                FunctionDescriptor.of(ADDRESS, ADDRESS));
        String running;
        try (Arena arena = Arena.ofConfined()) {
            running = cString((MemorySegment) moduleVersion.invokeExact(arena.allocateFrom("standard")));
        }
        if (zend == null || !zend.startsWith("Zend Engine v4.2.") || !phpVersion.equals(running)) {
            throw new PhpStartupException(path + " runs PHP " + running + " (" + firstLine(String.valueOf(zend))
                    + ") but its struct layout came from the headers of PHP " + phpVersion
                    + ": install matching php8.2-dev and libphp8.2-embed versions and rebuild; ePHPm supports " + SUPPORTED);
        }
    }

    private static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).replaceAll(",.*", "").trim();
    }

    static String cString(MemorySegment p) {
        return p.equals(MemorySegment.NULL) ? null : p.reinterpret(Long.MAX_VALUE).getString(0);
    }

    public MemorySegment symbol(String name) {
        return lookup.find(name).orElseThrow(() -> new PhpStartupException(path + " has no symbol " + name));
    }

    public Optional<MemorySegment> findSymbol(String name) {
        return lookup.find(name);
    }

    private MethodHandle fn(String name, FunctionDescriptor d) {
        return LINKER.downcallHandle(symbol(name), d);
    }

    private MethodHandle critical(String name, FunctionDescriptor d) {
        return LINKER.downcallHandle(symbol(name), d, Linker.Option.critical(false));
    }

    private MethodHandle optional(String name, FunctionDescriptor d) {
        return lookup.find(name).map(s -> LINKER.downcallHandle(s, d)).orElse(null);
    }
}

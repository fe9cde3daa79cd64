package dev.ephpm.host.php;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Path;

/**
 * Tells whether a libphp is a thread-safe (ZTS) build before the engine starts, because the number of PHP threads
 * must be decided, and validated against the configuration, before {@code PhpRuntime.start}. It only looks up a
 * symbol that exists in ZTS builds alone (the bridge uses the same test); it never calls into PHP.
 */
public final class LibphpProbe {
    private LibphpProbe() {
    }

    /**
     * @throws IllegalArgumentException when the file cannot be loaded as a shared library
     */
    public static boolean isThreadSafe(Path library) {
        try (Arena arena = Arena.ofConfined()) {
            SymbolLookup lookup = SymbolLookup.libraryLookup(library, arena);
            if (lookup.find("php_module_startup").isEmpty()) {
                throw new IllegalArgumentException(library + " is not a libphp (no php_module_startup)");
            }
            return lookup.find("ts_resource_ex").isPresent();
        }
    }
}

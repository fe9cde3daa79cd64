package dev.ephpm.host.php;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The thread-safe libphp that {@code scripts/build-zts-php.sh} (also {@code ./ephpm build-php}) builds from
 * Debian's php8.2 source into a per-machine cache: {@code <cache>/php-zts/current/prefix/lib/libphp.so}, complete
 * only once the script has written its {@code .complete} marker. The cache root follows the script:
 * {@code $EPHPM_CACHE_DIR}, else {@code $XDG_CACHE_HOME/ephpm}, else {@code ~/.cache/ephpm}.
 */
public final class ZtsBuild {
    private ZtsBuild() {
    }

    /** The built library, if a complete build exists. */
    public static Optional<Path> installed() {
        Path current = cacheRoot().resolve("php-zts").resolve("current");
        Path lib = current.resolve("prefix/lib/libphp.so");
        if (Files.isRegularFile(current.resolve(".complete")) && Files.isRegularFile(lib)) {
            try {
                return Optional.of(lib.toRealPath());
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * Runs the build script (7-15 minutes the first time; progress goes to this process's stderr) and returns the
     * library it built.
     *
     * @throws IllegalStateException with the reason when there is no script to run or the build fails
     */
    public static Path build() {
        Path script = projectHome().map(h -> h.resolve("scripts/build-zts-php.sh"))
                .filter(Files::isRegularFile)
                .orElseThrow(() -> new IllegalStateException("no ZTS build in " + cacheRoot().resolve("php-zts")
                        + " and scripts/build-zts-php.sh was not found to make one; run ./ephpm build-php"));
        try {
            Process p = new ProcessBuilder("bash", script.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            int rc = p.waitFor();
            if (rc != 0) {
                throw new IllegalStateException(script + " failed (exit " + rc + "); see its output above");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the ZTS libphp");
        }
        return installed().orElseThrow(() -> new IllegalStateException(script + " finished but left no complete"
                + " build in " + cacheRoot().resolve("php-zts")));
    }

    static Path cacheRoot() {
        String explicit = System.getenv("EPHPM_CACHE_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("ephpm");
    }

    /**
     * The checkout ePHPm runs from: {@code -Dephpm.home} (the launcher sets it), else found from where these
     * classes were loaded ({@code <home>/host/target/classes} or a jar beside it).
     */
    static Optional<Path> projectHome() {
        String home = System.getProperty("ephpm.home");
        if (home != null && !home.isBlank()) {
            return Optional.of(Path.of(home));
        }
        try {
            Path p = Path.of(ZtsBuild.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (; p != null; p = p.getParent()) {
                if (Files.isRegularFile(p.resolve("scripts/build-zts-php.sh"))) {
                    return Optional.of(p);
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // no usable code source: fall through
        }
        return Optional.empty();
    }
}

package dev.ephpm.host;

import dev.ephpm.host.cli.PhpCommand;
import dev.ephpm.host.cli.ServeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Arrays;

/**
 * {@code ephpm}: {@code serve} runs the server, {@code php} runs a script in the embedded engine like the
 * {@code php} binary. {@code php} takes its arguments verbatim (PHP's own {@code -r}, {@code -d}, script arguments),
 * so they are handed over before any option parsing.
 */
@Command(name = "ephpm", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "A PHP application server: libphp embedded in the JVM, Undertow HTTP, an in-process KV store.",
        subcommands = {ServeCommand.class, Main.PhpPlaceholder.class})
public final class Main implements Runnable {
    public static void main(String[] args) {
        // Undertow logs through JBoss Logging; route it to SLF4J/Logback before any Undertow class loads.
        System.setProperty("org.jboss.logging.provider", "slf4j");
        System.exit(run(args));
    }

    /** Runs a command line and returns the exit status (for tests and the launcher alike). */
    public static int run(String[] args) {
        if (args.length > 0 && args[0].equals("php")) {
            return PhpCommand.run(Arrays.copyOfRange(args, 1, args.length));
        }
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Listed in the help; the real work is {@link PhpCommand}, reached before picocli parses anything. */
    @Command(name = "php", description = "Run a PHP script like the php binary (ephpm php -h for its options).")
    static final class PhpPlaceholder implements Runnable {
        @Override
        public void run() {
            // never reached: Main.run dispatches "php" itself
        }
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"ephpm " + Version.get()};
        }
    }
}

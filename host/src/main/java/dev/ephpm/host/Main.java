package dev.ephpm.host;

import dev.ephpm.host.cli.PhpCommand;

import java.util.Arrays;

/** The {@code ephpm} command line: dispatches to a subcommand. */
public final class Main {
    private static final String USAGE = """
            Usage: ephpm <command> [args]
              php [options] [file] [args]   run PHP like php-cli, inside the embedded engine (ephpm php -h)
              --version                     print the version
              --help                        this help
            """;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 0) {
            System.err.print(USAGE);
            return 64;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0]) {
            case "php" -> PhpCommand.run(rest);
            case "--version", "-v" -> {
                System.out.println("ephpm 0.1.0");
                yield 0;
            }
            case "--help", "-h", "help" -> {
                System.out.print(USAGE);
                yield 0;
            }
            default -> {
                System.err.println("ephpm: unknown command '" + args[0] + "'");
                System.err.print(USAGE);
                yield 64;
            }
        };
    }
}

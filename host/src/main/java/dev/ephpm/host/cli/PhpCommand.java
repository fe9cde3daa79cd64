package dev.ephpm.host.cli;

import dev.ephpm.bridge.PhpExtensions;
import dev.ephpm.bridge.PhpRequest;
import dev.ephpm.bridge.PhpResponseSink;
import dev.ephpm.bridge.PhpResult;
import dev.ephpm.bridge.PhpRuntime;
import dev.ephpm.bridge.PhpRuntimeConfig;
import dev.ephpm.host.config.ConfigException;
import dev.ephpm.host.config.ConfigLoader;
import dev.ephpm.host.config.PhpConfig;
import dev.ephpm.host.php.LibphpProbe;
import dev.ephpm.bridge.PhpStartupException;
import dev.ephpm.bridge.Header;
import dev.ephpm.kv.KvConfig;
import dev.ephpm.kv.KvStore;
import dev.ephpm.sapi.KvFunctions;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ephpm php}: runs a PHP script the way {@code php} does (arguments in {@code $argv}, stdout and stderr,
 * exit status, {@code -r CODE}, {@code -d key=value}), inside the embedded engine with every ePHPm host function,
 * so tools such as PHPUnit or a framework's console run against the real runtime.
 *
 * <p>The SAPI is named {@code cli}, so frameworks see a console; Debian's shared extensions enabled for the embed
 * SAPI are loaded, and no php.ini is read, as with {@code php -n} plus those extensions.
 */
public final class PhpCommand {
    private static final String USAGE = """
            Usage: ephpm php [options] [-f] <file> [--] [args...]
                   ephpm php [options] -r <code> [--] [args...]
              -d key[=value]  set a php.ini entry (repeatable)
              -f <file>       run <file>
              -r <code>       run <code> (without <?php ... ?> tags)
              -n              no extra ini (always true here; accepted for compatibility)
              -v              print the PHP version
              -m              list the loaded modules
              -h              this help
            Without a file or -r, the script is read from standard input.
            Environment: EPHPM_PHP__LIBRARY=auto|nts|zts|PATH selects libphp (auto: the ZTS build if
            there is one, else Debian's /usr/lib/libphp8.2.so). EPHPM_KV__MEMORY_LIMIT,
            EPHPM_KV__EVICTION_POLICY, EPHPM_KV__MAX_KEY_SIZE and EPHPM_KV__MAX_VALUE_SIZE set the
            ephpm_kv_* store's limits, as [kv] does for serve.
            """;

    private PhpCommand() {
    }

    public static int run(String[] args) {
        // In order, and a list: `-d extension=a -d extension=b` loads both, as php does.
        List<Map.Entry<String, String>> ini = new ArrayList<>();
        String code = null;
        String file = null;
        List<String> scriptArgs = new ArrayList<>();
        boolean version = false;
        boolean modules = false;
        int i = 0;
        while (i < args.length) {
            String a = args[i];
            if (file != null || code != null) {
                if (a.equals("--") && scriptArgs.isEmpty()) {
                    i++;
                    continue;
                }
                scriptArgs.add(a);
                i++;
                continue;
            }
            switch (a) {
                case "-h", "--help" -> {
                    System.out.print(USAGE);
                    return 0;
                }
                case "-v", "--version" -> version = true;
                case "-m" -> modules = true;
                case "-n" -> { }
                case "-d" -> {
                    if (++i >= args.length) {
                        return usage("-d needs key=value");
                    }
                    putIni(ini, args[i]);
                }
                case "-r" -> {
                    if (++i >= args.length) {
                        return usage("-r needs code");
                    }
                    code = args[i];
                }
                case "-f" -> {
                    if (++i >= args.length) {
                        return usage("-f needs a file");
                    }
                    file = args[i];
                }
                case "--" -> {
                    if (++i < args.length) {
                        file = args[i];
                    }
                }
                default -> {
                    if (a.startsWith("-d") && a.length() > 2) {
                        putIni(ini, a.substring(2));
                    } else if (a.startsWith("-") && !a.equals("-")) {
                        return usage("unknown option " + a);
                    } else {
                        file = a;
                    }
                }
            }
            i++;
        }
        if (version) {
            code = "echo 'PHP ', PHP_VERSION, ' (ephpm) (', PHP_ZTS ? 'ZTS' : 'NTS', ')', PHP_EOL,"
                    + " 'Zend Engine v', zend_version(), PHP_EOL;";
            scriptArgs.clear();
        } else if (modules) {
            code = "echo \"[PHP Modules]\\n\", implode(\"\\n\", get_loaded_extensions()), \"\\n\\n[Zend Modules]\\n\","
                    + " implode(\"\\n\", get_loaded_extensions(true)), \"\\n\";";
            scriptArgs.clear();
        }

        // The same choice as [php] library, from the variable that overrides it for `serve`.
        String choice = System.getenv().getOrDefault("EPHPM_PHP__LIBRARY", "auto");
        Path library;
        try {
            library = PhpConfig.resolveLibrary(choice, Path.of(choice).toAbsolutePath());
        } catch (IllegalStateException e) {
            System.err.println("ephpm php: EPHPM_PHP__LIBRARY=" + choice + ": " + e.getMessage());
            return 1;
        }
        PhpRuntimeConfig.Builder config = PhpRuntimeConfig.builder()
                .library(library)
                .sapiName("cli")
                .queueCapacity(1)
                .logSink(m -> System.err.println(m));
        // Debian's shared extensions only load into its NTS library; the ZTS build has them compiled in.
        boolean threadSafe;
        try {
            threadSafe = LibphpProbe.isThreadSafe(library);
        } catch (IllegalArgumentException e) {
            System.err.println("ephpm php: " + e.getMessage());
            return 1;
        }
        if (!threadSafe) {
            for (Map.Entry<String, String> e : PhpExtensions.enabledIn(PhpExtensions.DEBIAN_EMBED_CONF_D)) {
                if (e.getKey().equals("zend_extension")) {
                    config.zendExtension(e.getValue());
                } else {
                    config.extension(e.getValue());
                }
            }
        }
        // The CLI SAPI's own defaults (php_cli.c), which command-line tools rely on.
        config.ini("display_errors", "1")
                .ini("html_errors", "0")
                .ini("implicit_flush", "1")
                .ini("output_buffering", "0")
                .ini("max_execution_time", "0")
                .ini("max_input_time", "-1")
                .ini("register_argc_argv", "1");
        for (Map.Entry<String, String> e : ini) {
            switch (e.getKey()) {
                case "extension" -> config.extension(e.getValue());
                case "zend_extension" -> config.zendExtension(e.getValue());
                default -> config.ini(e.getKey(), e.getValue());
            }
        }
        KvConfig kvConfig;
        try {
            kvConfig = ConfigLoader.kvFromEnvironment(System.getenv());
        } catch (ConfigException e) {
            e.problems().forEach(p -> System.err.println("ephpm php: " + p));
            return 1;
        }
        KvStore store = KvStore.create(kvConfig);
        config.functions(KvFunctions.all(store));

        PhpRequest.Builder request;
        String scriptName;
        Path cwd = Path.of("").toAbsolutePath();
        try {
            if (code != null) {
                scriptName = "Standard input code";
                request = PhpRequest.code("<?php " + code, "Command line code");
            } else if (file == null || file.equals("-")) {
                scriptName = "Standard input code";
                request = PhpRequest.code(new String(System.in.readAllBytes(), StandardCharsets.UTF_8));
            } else {
                Path script = cwd.resolve(file).normalize();
                if (!Files.isReadable(script)) {
                    System.err.println("Could not open input file: " + file);
                    return 1;
                }
                scriptName = file;
                request = PhpRequest.script(script);
            }
        } catch (IOException e) {
            System.err.println("ephpm php: cannot read standard input: " + e.getMessage());
            return 1;
        }
        List<String> argv = new ArrayList<>();
        argv.add(code != null ? "Standard input code" : scriptName);
        argv.addAll(scriptArgs);
        Map<String, String> server = new LinkedHashMap<>(System.getenv());
        server.put("PHP_SELF", scriptName);
        server.put("SCRIPT_NAME", scriptName);
        server.put("SCRIPT_FILENAME", scriptName);
        server.put("PATH_TRANSLATED", scriptName);
        server.put("DOCUMENT_ROOT", "");
        request.argv(argv).cli(true).serverVariables(server)
                .requestTime(System.currentTimeMillis() / 1000.0);

        PhpRuntime runtime;
        try {
            runtime = PhpRuntime.start(config.build());
        } catch (PhpStartupException e) {
            System.err.println("ephpm php: " + e.getMessage());
            return 1;
        }
        try {
            PhpResult result = runtime.execute(request.build(), new StdoutSink());
            System.out.flush();
            return result.exitStatus();
        } finally {
            runtime.close();
        }
    }

    private static void putIni(List<Map.Entry<String, String>> ini, String entry) {
        int eq = entry.indexOf('=');
        if (eq < 0) {
            ini.add(Map.entry(entry, "1")); // php -d foo means foo=1
        } else {
            ini.add(Map.entry(entry.substring(0, eq).strip(), entry.substring(eq + 1)));
        }
    }

    private static int usage(String problem) {
        PrintStream err = System.err;
        err.println("ephpm php: " + problem);
        err.print(USAGE);
        return 64;
    }

    /** Writes PHP's output straight to file descriptor 1, unbuffered, as php-cli does (php://stdout shares it). */
    private static final class StdoutSink implements PhpResponseSink {
        private final WritableByteChannel out = Channels.newChannel(new FileOutputStream(FileDescriptor.out));

        @Override
        public void headers(int status, List<Header> headers) {
            // a console has no headers
        }

        @Override
        public void write(ByteBuffer chunk) {
            try {
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}

package dev.ephpm.host.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code [server.logging]}.
 *
 * @param level           the server's log level: trace, debug, info, warn or error
 * @param format          text (for people) or json (one object a line, for log shippers)
 * @param accessLog       "stdout", "stderr", "off", or a file path to append to
 * @param accessLogFormat combined (nginx's and Apache's format) or json
 */
public record LoggingConfig(String level, String format, String accessLog, String accessLogFormat) {
    static LoggingConfig read(ConfigSection s) {
        String level = s.choice("level", "info", "trace", "debug", "info", "warn", "error");
        String format = s.choice("format", "text", "text", "json");
        String accessLog = s.string("access_log", "stdout");
        if (!accessLog.equals("stdout") && !accessLog.equals("stderr") && !accessLog.equals("off")) {
            if (accessLog.isBlank()) {
                s.problem("access_log", "must be \"stdout\", \"stderr\", \"off\" or a file path, was \"\"");
                accessLog = "stdout";
            } else {
                Path file = s.baseDirectory().resolve(accessLog).normalize();
                accessLog = file.toString();
                // Checked here, not at the first request: a log that cannot be written would lose every line. The
                // writer creates missing directories, so what must exist is the nearest existing ancestor.
                Path existing = file.getParent();
                while (existing != null && !Files.exists(existing)) {
                    existing = existing.getParent();
                }
                if (Files.isDirectory(file)) {
                    s.problem("access_log", "\"" + file + "\" is a directory, not a file");
                } else if (existing == null || !Files.isDirectory(existing)) {
                    s.problem("access_log", "\"" + file + "\" cannot be created: \"" + existing
                            + "\" is not a directory");
                } else if (Files.exists(file) ? !Files.isWritable(file) : !Files.isWritable(existing)) {
                    s.problem("access_log", "\"" + file + "\" cannot be written (permissions)");
                }
            }
        }
        String accessFormat = s.choice("access_log_format", "combined", "combined", "json");
        s.finish();
        return new LoggingConfig(level, format, accessLog, accessFormat);
    }

    public boolean accessLogEnabled() {
        return !accessLog.equals("off");
    }
}

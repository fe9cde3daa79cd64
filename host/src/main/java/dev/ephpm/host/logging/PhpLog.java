package dev.ephpm.host.logging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * Receives what PHP logs (its error_log output) and writes it to the {@code php} logger at the level the message
 * itself states, so a "PHP Fatal error" is an ERROR line a log pipeline can alert on and a "PHP Deprecated" is not.
 */
public final class PhpLog implements Consumer<String> {
    private static final Logger LOG = LoggerFactory.getLogger(LoggingSetup.PHP_LOGGER);

    @Override
    public void accept(String message) {
        String m = message.strip();
        if (m.isEmpty()) {
            return;
        }
        if (m.contains("Fatal error") || m.contains("Parse error") || m.contains("Uncaught ")
                || m.contains("Recoverable fatal") || m.contains("Core error") || m.contains("Compile error")) {
            LOG.error(m);
        } else if (m.contains("Warning") || m.contains("User error")) {
            LOG.warn(m);
        } else if (m.contains("Notice") || m.contains("Deprecated") || m.contains("Strict Standards")) {
            LOG.info(m);
        } else {
            LOG.warn(m);
        }
    }
}

package dev.ephpm.bridge;

import java.util.List;

/**
 * How one PHP request ended.
 *
 * @param status      the HTTP status PHP settled on (500 after a fatal error when errors are not displayed)
 * @param headers     the response headers, duplicates kept
 * @param exitStatus  PHP's exit status: the argument of {@code exit()}, 255 after a fatal error, else 0
 * @param errors      the messages PHP logged during the request (warnings, fatals, uncaught exceptions)
 * @param bodyBytes   how many body bytes were passed to the sink
 * @param timedOut    true when the request was stopped by a time limit
 */
public record PhpResult(int status, List<Header> headers, int exitStatus, List<String> errors, long bodyBytes,
                        boolean timedOut) {
    public PhpResult {
        headers = List.copyOf(headers);
        errors = List.copyOf(errors);
    }

    /** The first header with this name (case-insensitive), or null. */
    public String header(String name) {
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.value();
            }
        }
        return null;
    }
}

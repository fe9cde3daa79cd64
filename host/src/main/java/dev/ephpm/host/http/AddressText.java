package dev.ephpm.host.http;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * An IP address as text the way nginx and php-fpm write it (RFC 5952 for IPv6: lower-case hex, no leading zeros, the
 * longest run of zero groups as "::", no zone): {@code ::1}, not Java's {@code 0:0:0:0:0:0:0:1}. PHP code compares
 * REMOTE_ADDR with such strings (allow-lists, rate-limit keys, logs), so the form matters.
 */
public final class AddressText {
    private AddressText() {
    }

    /** The address of {@code a}, or its host string if unresolved; "" for null. */
    public static String of(InetSocketAddress a) {
        if (a == null) {
            return "";
        }
        return a.getAddress() != null ? of(a.getAddress()) : a.getHostString();
    }

    public static String of(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
        }
        // The longest run of two or more zero groups (the first of equals) becomes "::".
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}

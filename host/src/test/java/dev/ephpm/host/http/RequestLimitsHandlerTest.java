package dev.ephpm.host.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The Host check: RFC 9110's uri-host and an optional port, nothing else (e2e cases in HostileInputTest). */
class RequestLimitsHandlerTest {
    @Test
    void hostsThatAreHosts() {
        for (String h : new String[] {"", "localhost", "localhost:8080", "Example.COM.", "127.0.0.1:18282",
                "[::1]", "[::1]:443", "[2001:db8::1]:8080", "xn--bcher-kva.example", "a-b_c~d.example:"}) {
            assertTrue(RequestLimitsHandler.isHost(h), h);
        }
    }

    @Test
    void hostsThatAreNot() {
        for (String h : new String[] {"<script>:abc", "a b", "host:80x", "[::1", "[]", "[::1]x", "[::g]",
                "a/b", "a@b", "host:80:80", "bücher.example"}) {
            assertFalse(RequestLimitsHandler.isHost(h), h);
        }
    }
}

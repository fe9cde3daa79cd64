package dev.ephpm.host.safety;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RequestPathTest {
    static String decoded(String raw) {
        RequestPath.Parsed p = RequestPath.parse(raw);
        return p.path() == null ? "REJECTED " + p.rejection().status() : p.path().decoded();
    }

    @Test
    void decodesOnceAndNormalises() {
        assertEquals("/", decoded("/"));
        assertEquals("/a/b", decoded("/a//b"));
        assertEquals("/a/b/", decoded("/a/./b/"));
        assertEquals("/café/x y", decoded("/caf%C3%A9/x%20y"));
        assertEquals("/%2e%2e/x", decoded("/%252e%252e/x"), "double encoding stays a literal name");
        assertEquals("/a/b", decoded("/a%2Fb"), "an encoded slash is a slash, checked like one");
        assertEquals(List.of("a", "b"), RequestPath.parse("/a/b/").path().segments());
    }

    @Test
    void refusesTraversalNulAndBrokenEncodings() {
        for (String raw : List.of("/..", "/../x", "/a/../../x", "/%2e%2e/x", "/%2E%2e%2Fx", "/.%2e/x", "/a%2f..%2fb",
                "/%00", "/a%00.php", "/%0a", "/a\\b", "/%5c..", "/%zz", "/%2", "/%c0%ae", "x", "", "/%ff")) {
            RequestPath.Parsed p = RequestPath.parse(raw);
            assertNull(p.path(), raw);
            assertEquals(400, p.rejection().status(), raw);
        }
    }

    @Test
    void findsHiddenSegmentsButAllowsWellKnown() {
        assertEquals(".env", RequestPath.parse("/.env").path().hiddenSegment());
        assertEquals(".git", RequestPath.parse("/a/.git/config").path().hiddenSegment());
        assertEquals(".env", RequestPath.parse("/%2eenv").path().hiddenSegment());
        assertNull(RequestPath.parse("/.well-known/acme-challenge/x").path().hiddenSegment());
        assertNull(RequestPath.parse("/a.b/c").path().hiddenSegment());
    }
}

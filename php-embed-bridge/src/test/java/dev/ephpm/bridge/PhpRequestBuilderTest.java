package dev.ephpm.bridge;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A built request is immutable, even though the builder hands its collections over instead of copying them. */
class PhpRequestBuilderTest {
    @Test
    void changingTheBuilderAfterBuildLeavesTheRequestAlone() {
        PhpRequest.Builder b = PhpRequest.code("<?php").header("A", "1").serverVariable("X", "1");
        PhpRequest first = b.build();
        PhpRequest second = b.header("B", "2").serverVariable("Y", "2").build();
        assertEquals(List.of(new Header("A", "1")), first.headers());
        assertEquals(Map.of("X", "1"), first.serverVariables());
        assertEquals(List.of(new Header("A", "1"), new Header("B", "2")), second.headers());
        assertEquals(List.of("X", "Y"), List.copyOf(second.serverVariables().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> first.headers().add(new Header("C", "3")));
        assertThrows(UnsupportedOperationException.class, () -> first.serverVariables().put("Z", "3"));
    }
}

package dev.ephpm.host.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressTextTest {

    @ParameterizedTest
    @CsvSource({
            "0:0:0:0:0:0:0:1, ::1",
            "0:0:0:0:0:0:0:0, ::",
            "2001:0DB8:0:0:0:0:0:1, 2001:db8::1",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",      // equal runs: the first one
            "2001:db8:0:1:0:0:0:1, 2001:db8:0:1::1",        // a single zero group stays
            "1:0:1:0:1:0:1:0, 1:0:1:0:1:0:1:0",
            "fe80:0:0:0:0:0:0:1%1, fe80::1",                // no zone
            "1:2:3:4:5:6:7:0, 1:2:3:4:5:6:7:0",
            "0:0:1:0:0:0:0:0, 0:0:1::",
            "127.0.0.1, 127.0.0.1",
    })
    void writesAddressesAsNginxDoes(String address, String expected) throws Exception {
        assertEquals(expected, AddressText.of(InetAddress.getByName(address)));
        assertEquals(expected, AddressText.of(new InetSocketAddress(InetAddress.getByName(address), 80)));
    }
}

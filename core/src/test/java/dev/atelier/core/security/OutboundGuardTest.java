package dev.atelier.core.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class OutboundGuardTest {

  private static boolean internal(String literal) throws Exception {
    return OutboundGuard.isInternal(InetAddress.getByName(literal));
  }

  @Test
  void refusesInternalAddresses() throws Exception {
    for (String a :
        new String[] {
          "127.0.0.1",
          "10.1.2.3",
          "172.16.0.1",
          "192.168.1.1",
          "169.254.169.254",
          "0.0.0.0",
          "100.64.0.1",
          "224.0.0.1",
          "255.255.255.255",
          "::1",
          "::",
          "fe80::1",
          "fd00::1",
          "::ffff:127.0.0.1",
          "::ffff:10.0.0.1"
        }) {
      assertTrue(internal(a), a);
    }
  }

  @Test
  void allowsPublicAddresses() throws Exception {
    for (String a : new String[] {"8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "100.128.0.1"}) {
      assertFalse(internal(a), a);
    }
  }
}

package dev.atelier.core.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClientAddressTest {

  @Test
  void matchesCidrRanges() {
    ClientAddress.Cidr lan = ClientAddress.Cidr.parse("10.1.0.0/16");
    assertTrue(lan.contains("10.1.200.3"));
    assertFalse(lan.contains("10.2.0.1"));
    assertTrue(ClientAddress.Cidr.parse("127.0.0.1").contains("127.0.0.1"));
    assertFalse(ClientAddress.Cidr.parse("127.0.0.1").contains("127.0.0.2"));
    assertTrue(ClientAddress.Cidr.parse("192.168.0.0/23").contains("192.168.1.9"));
    assertTrue(ClientAddress.Cidr.parse("::1").contains("::1"));
    assertFalse(ClientAddress.Cidr.parse("::1").contains("127.0.0.1"));
  }

  @Test
  void neverResolvesHostNames() {
    assertNull(ClientAddress.Cidr.literal("example.com"));
    assertNull(ClientAddress.Cidr.literal(""));
    assertFalse(ClientAddress.Cidr.parse("127.0.0.1").contains("localhost"));
  }
}

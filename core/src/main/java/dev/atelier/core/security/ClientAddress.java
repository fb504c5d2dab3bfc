package dev.atelier.core.security;

import dev.atelier.core.platform.AtelierConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The client's address: the peer's, or, when the peer is a trusted proxy ({@code
 * atelier.http.trusted-proxies}), the right-most address in {@code X-Forwarded-For} that is not
 * itself a trusted proxy.
 */
@ApplicationScoped
public class ClientAddress {

  @Inject AtelierConfig config;

  private List<Cidr> trusted = List.of();

  @PostConstruct
  void init() {
    List<Cidr> list = new ArrayList<>();
    for (String s : config.trustedProxies()) {
      list.add(Cidr.parse(s));
    }
    trusted = List.copyOf(list);
  }

  public String resolve(String peer, String forwardedFor) {
    if (peer == null || forwardedFor == null || forwardedFor.isBlank() || !isTrusted(peer)) {
      return peer;
    }
    String[] hops = forwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (hop.isEmpty()) {
        continue;
      }
      if (!isTrusted(hop)) {
        return hop.length() > 64 ? hop.substring(0, 64) : hop;
      }
    }
    return peer;
  }

  private boolean isTrusted(String address) {
    for (Cidr c : trusted) {
      if (c.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** An address range; a plain address is a range of one. */
  record Cidr(byte[] network, int bits) {

    static Cidr parse(String text) {
      String[] parts = text.trim().split("/");
      byte[] addr = literal(parts[0]);
      if (addr == null) {
        throw new IllegalArgumentException("Not an IP address: " + text);
      }
      int bits = parts.length > 1 ? Integer.parseInt(parts[1]) : addr.length * 8;
      return new Cidr(addr, bits);
    }

    boolean contains(String address) {
      byte[] a = literal(address);
      if (a == null || a.length != network.length) {
        return false;
      }
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (a[i] != network[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xFF << (8 - rest)) & 0xFF;
      return (a[full] & mask) == (network[full] & mask);
    }

    /** Parses an IP literal without any name lookup; null when it is not one. */
    static byte[] literal(String s) {
      if (s == null || s.isEmpty() || !s.matches("[0-9a-fA-F:.]+")) {
        return null;
      }
      try {
        return InetAddress.getByName(s).getAddress();
      } catch (UnknownHostException e) {
        return null;
      }
    }
  }
}

package dev.atelier.plugins.billing.stripe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CreditPackageTest {

  @Test
  void packagesReadFromOneSetting() {
    List<String> errors = new ArrayList<>();
    Map<String, CreditPackage> p =
        CreditPackage.parse(" small=price_1AbC:1000 ; large=price_9XyZ:12000,", errors);
    assertEquals(List.of(), errors);
    assertEquals(new CreditPackage("small", "price_1AbC", 1000), p.get("small"));
    assertEquals(12000, p.get("large").credits());
    assertEquals(List.of("small", "large"), List.copyOf(p.keySet()));
  }

  @Test
  void entriesThatDoNotReadAreReportedAndSkipped() {
    List<String> errors = new ArrayList<>();
    Map<String, CreditPackage> p =
        CreditPackage.parse("nokey:10,x=price:0,y=price:many,Big=price:5,ok=price_1:5", errors);
    assertEquals(List.of("ok"), List.copyOf(p.keySet()));
    assertEquals(4, errors.size(), errors.toString());
    assertEquals(Map.of(), CreditPackage.parse(null, errors));
  }
}

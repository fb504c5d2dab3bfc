package dev.atelier.core.metering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.plugin.api.billing.Plan;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MeteringTest {

  @Test
  void aCostIsChargedInWholeCreditsRoundedUp() {
    assertEquals(0, Metering.credits(BigDecimal.ZERO, 1000));
    assertEquals(0, Metering.credits(null, 1000));
    assertEquals(0, Metering.credits(new BigDecimal("-1"), 1000));
    assertEquals(1, Metering.credits(new BigDecimal("0.000001"), 1000));
    assertEquals(1, Metering.credits(new BigDecimal("0.001"), 1000));
    assertEquals(2, Metering.credits(new BigDecimal("0.0010001"), 1000));
    assertEquals(2500, Metering.credits(new BigDecimal("2.5"), 1000));
    assertEquals(3, Metering.credits(new BigDecimal("2.5"), 1));
  }

  @Test
  void withoutAFreePlanWorkspacesMayRunBelowZero() {
    Plan free = Metering.IMPLICIT_FREE;
    assertEquals(Plan.FREE, free.key());
    assertEquals(0, free.monthlyCredits());
    assertTrue(free.overage());
  }

  @Test
  void postingsAddOrTakeCreditsAsTheirKindSays() {
    assertTrue(Metering.signed("grant", 1));
    assertTrue(Metering.signed("purchase", 1000));
    assertTrue(Metering.signed("refund", -5));
    assertTrue(Metering.signed("adjustment", -5));
    assertTrue(!Metering.signed("grant", 0));
    assertTrue(!Metering.signed("purchase", -1));
    assertTrue(!Metering.signed("refund", 5));
    assertTrue(!Metering.signed("adjustment", 0));
  }
}

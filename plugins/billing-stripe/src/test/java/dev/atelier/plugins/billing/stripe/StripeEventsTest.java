package dev.atelier.plugins.billing.stripe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class StripeEventsTest {

  private static JsonObject json(String text) {
    return jakarta.json.Json.createReader(new StringReader(text)).readObject();
  }

  @Test
  void theWorkspaceIsFoundWhereEachObjectCarriesIt() {
    assertEquals("t1", StripeEvents.tenantOf(json("{\"metadata\":{\"tenant_id\":\"t1\"}}")));
    assertEquals(
        "t2", StripeEvents.tenantOf(json("{\"client_reference_id\":\"t2\",\"metadata\":{}}")));
    // invoices of API 2025-03-31 and later, and of earlier versions
    assertEquals(
        "t3",
        StripeEvents.tenantOf(
            json(
                "{\"metadata\":{},\"parent\":{\"subscription_details\":"
                    + "{\"metadata\":{\"tenant_id\":\"t3\"}}}}")));
    assertEquals(
        "t4",
        StripeEvents.tenantOf(
            json("{\"subscription_details\":{\"metadata\":{\"tenant_id\":\"t4\"}}}")));
    assertNull(StripeEvents.tenantOf(json("{\"metadata\":{\"tenant_id\":\"\"}}")));
    assertNull(StripeEvents.tenantOf(json("{\"metadata\":{\"tenant_id\":7}}")));
    assertNull(StripeEvents.tenantOf(json("{\"metadata\":null}")));
  }

  @Test
  void jsonReadsIdsOfExpandedObjectsAndNumbersGivenAsText() {
    JsonObject o =
        json(
            "{\"customer\":{\"id\":\"cus_1\"},\"items\":{\"data\":[{\"price\":\"price_1\"}]},"
                + "\"metadata\":{\"credits\":\"1000\"},\"amount\":5}");
    assertEquals("cus_1", Json.id(o, "customer"));
    assertEquals("price_1", Json.id(o, "items", "data", "0", "price"));
    assertNull(Json.id(o, "items", "data", "1", "price"));
    assertEquals(1000L, Json.number(o, "metadata", "credits"));
    assertEquals(5L, Json.number(o, "amount"));
    assertNull(Json.number(o, "customer"));
  }
}

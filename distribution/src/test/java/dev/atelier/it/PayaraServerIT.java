package dev.atelier.it;

import dev.atelier.testkit.AppServers;
import java.util.Map;

/** {@code atelier.war} on Payara Server 6 (Jakarta EE 10, its own EclipseLink and Hazelcast). */
class PayaraServerIT extends AppServerSuite {

  PayaraServerIT() {
    super(AppServers.Kind.PAYARA_SERVER, Map.of());
  }
}

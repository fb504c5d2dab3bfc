package dev.atelier.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that calls a running Atelier server: the same as
 * {@code @ExtendWith(AtelierServer.class)}. The server starts once for the whole test run, with the
 * plugins under test installed, and is shared by every such class.
 *
 * <pre>{@code
 * @AtelierTest
 * class HelloIT {
 *   @Test
 *   void greets() {
 *     Accounts.Session ada = Accounts.newUser("ada");
 *     assertEquals(200, ada.api().get("/api/v1/hello").status());
 *   }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(AtelierServer.class)
public @interface AtelierTest {}

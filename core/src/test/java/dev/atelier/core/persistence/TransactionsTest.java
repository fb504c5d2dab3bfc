package dev.atelier.core.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.persistence.exceptions.DatabaseException;
import org.junit.jupiter.api.Test;

class TransactionsTest {

  private static final SQLException DUPLICATE = new SQLException("duplicate key", "23505");

  @Test
  void aDuplicateKeyIsFoundThroughCausesAndEclipseLinksInternalException() {
    assertTrue(Transactions.isUniqueViolation(DUPLICATE));
    assertTrue(Transactions.isUniqueViolation(new PersistenceException(DUPLICATE)));
    assertTrue(
        Transactions.isUniqueViolation(
            new PersistenceException(DatabaseException.sqlException(DUPLICATE))));
  }

  @Test
  void otherFailuresAreNotDuplicates() {
    assertFalse(Transactions.isUniqueViolation(new SQLException("no table", "42S02")));
    assertFalse(Transactions.isUniqueViolation(new IllegalStateException()));
    assertFalse(Transactions.isUniqueViolation(null));
  }

  @Test
  void workLosingARaceRunsAgainThenGivesUp() {
    AtomicInteger calls = new AtomicInteger();
    assertEquals(
        "won",
        Transactions.retryOnUniqueViolation(
            3,
            IllegalStateException::new,
            () -> {
              if (calls.incrementAndGet() < 3) {
                throw new PersistenceException(DUPLICATE);
              }
              return "won";
            }));
    calls.set(0);
    assertThrows(
        IllegalStateException.class,
        () ->
            Transactions.retryOnUniqueViolation(
                2,
                IllegalStateException::new,
                () -> {
                  calls.incrementAndGet();
                  throw new PersistenceException(DUPLICATE);
                }));
    assertEquals(2, calls.get());
  }
}

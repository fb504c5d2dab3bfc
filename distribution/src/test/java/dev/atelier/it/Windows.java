package dev.atelier.it;

/**
 * Rate-limit windows are fixed minutes aligned to the epoch. A test that counts requests against a
 * limit first waits until enough of the current minute is left, so the count cannot straddle two
 * windows.
 */
public final class Windows {

  private Windows() {}

  /** Sleeps, if needed, until at least {@code seconds} remain in the current minute. */
  public static void awaitMinuteWithAtLeast(int seconds) {
    while (60 - (System.currentTimeMillis() / 1000) % 60 < seconds) {
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}

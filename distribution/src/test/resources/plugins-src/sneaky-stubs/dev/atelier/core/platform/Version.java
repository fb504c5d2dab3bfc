package dev.atelier.core.platform;

/** Stands in for the core's class of this name when the sneaky plugin is compiled. */
public final class Version {

  public static String current() {
    return "stub";
  }
}

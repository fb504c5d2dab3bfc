package dev.atelier.plugin.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an extension point (and the types that go with it) that no plugin implements yet. Until the
 * first plugin that implements it ships, it may change in any minor release, incompatibly too; the
 * plugin API's compatibility check leaves it out. The release that ships that plugin removes the
 * mark, and from then on the usual rules apply (docs/plugin-api-compatibility.md).
 *
 * <p>Plugins may implement an incubating extension point; they should then accept only the minor
 * version they were built against ({@code Plugin-Requires: >=1.1.0 & <1.2.0}), or be ready to
 * follow its changes.
 *
 * @since 1.1.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({
  ElementType.TYPE,
  ElementType.PACKAGE,
  ElementType.METHOD,
  ElementType.CONSTRUCTOR,
  ElementType.FIELD
})
public @interface Incubating {}

package dev.atelier.core.api;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

/**
 * Typed schemas of the OpenAPI model on every server. MicroProfile OpenAPI 3.1 (Jakarta EE 10
 * servers such as Payara Server 6) sets a schema's type with {@code type(SchemaType)}; version 4
 * (Payara 7, WildFly 39), written for OpenAPI 3.1 documents where a type may be a list, has {@code
 * type(List<SchemaType>)} instead. The core compiles against 3.1 and uses whichever method the
 * server's API has, looked up once.
 */
public final class OpenApiSchemas {

  private static final MethodHandle SET_TYPE = setType();

  private OpenApiSchemas() {}

  /** A new schema of {@code type}. */
  public static Schema of(SchemaType type) {
    Schema schema = OASFactory.createSchema();
    try {
      return (Schema) SET_TYPE.invoke(schema, type);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  private static MethodHandle setType() {
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    try {
      // MicroProfile OpenAPI 3.x
      return lookup.findVirtual(
          Schema.class, "type", MethodType.methodType(Schema.class, SchemaType.class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      try {
        // MicroProfile OpenAPI 4.x: type(List<SchemaType>)
        MethodHandle list =
            lookup.findVirtual(
                Schema.class, "type", MethodType.methodType(Schema.class, List.class));
        MethodHandle single =
            MethodHandles.lookup()
                .findStatic(
                    OpenApiSchemas.class,
                    "listOf",
                    MethodType.methodType(List.class, SchemaType.class));
        return MethodHandles.filterArguments(list, 1, single);
      } catch (NoSuchMethodException | IllegalAccessException e4) {
        e4.addSuppressed(e);
        throw new IllegalStateException("This MicroProfile OpenAPI has no Schema.type", e4);
      }
    }
  }

  @SuppressWarnings("unused") // through SET_TYPE
  private static List<SchemaType> listOf(SchemaType type) {
    return List.of(type);
  }
}

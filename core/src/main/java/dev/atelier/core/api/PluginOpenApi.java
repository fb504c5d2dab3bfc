package dev.atelier.core.api;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.MatrixParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.lang.annotation.Annotation;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.Paths;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.tags.Tag;

/**
 * Describes plugin routes in the OpenAPI document. The application scan sees only the core's
 * classes, so the operations of plugin resources are built here by reflection from the same
 * annotations JAX-RS obeys (verbs, paths, parameters), MicroProfile OpenAPI's {@code @Operation}
 * and {@code @Tag}, and the records they take and return (snake_case, as JSON-B writes them).
 */
final class PluginOpenApi {

  private final Components components;
  private final Map<Type, String> names = new HashMap<>();

  PluginOpenApi(Components components) {
    this.components = components;
  }

  /** Adds the operations of {@code resources} (by plugin id) to {@code openAPI}. */
  void addTo(OpenAPI openAPI, Map<Object, String> resources) {
    if (resources.isEmpty()) {
      return;
    }
    if (openAPI.getPaths() == null) {
      openAPI.setPaths(OASFactory.createPaths());
    }
    resources.forEach((resource, pluginId) -> describe(openAPI, resource.getClass(), pluginId));
  }

  private void describe(OpenAPI openAPI, Class<?> type, String pluginId) {
    jakarta.ws.rs.Path base = type.getAnnotation(jakarta.ws.rs.Path.class);
    String tag =
        tagOf(
            type.getAnnotation(org.eclipse.microprofile.openapi.annotations.tags.Tag.class),
            pluginId);
    if (openAPI.getTags() == null
        || openAPI.getTags().stream().noneMatch(t -> t.getName().equals(tag))) {
      Tag t = OASFactory.createTag().name(tag).description("Plugin " + pluginId);
      openAPI.addTag(t);
    }
    Paths paths = openAPI.getPaths();
    for (Method m : type.getMethods()) {
      PathItem.HttpMethod verb = verb(m);
      if (verb == null) {
        continue;
      }
      jakarta.ws.rs.Path sub = m.getAnnotation(jakarta.ws.rs.Path.class);
      String path = OpenApiFilter.join(base.value(), sub == null ? "" : sub.value());
      PathItem item = paths.getPathItem(path);
      if (item == null) {
        item = OASFactory.createPathItem();
        paths.addPathItem(path, item);
      }
      item.setOperation(verb, operation(m, tag));
    }
  }

  private Operation operation(Method m, String tag) {
    Operation op = OASFactory.createOperation().addTag(tag);
    var annotation = m.getAnnotation(org.eclipse.microprofile.openapi.annotations.Operation.class);
    if (annotation != null) {
      if (!annotation.summary().isBlank()) {
        op.setSummary(annotation.summary());
      }
      if (!annotation.description().isBlank()) {
        op.setDescription(annotation.description());
      }
    }
    Type[] types = m.getGenericParameterTypes();
    Annotation[][] all = m.getParameterAnnotations();
    for (int i = 0; i < types.length; i++) {
      Parameter p = parameter(all[i], types[i]);
      if (p != null) {
        op.addParameter(p);
      } else if (isBody(all[i])) {
        op.setRequestBody(
            OASFactory.createRequestBody()
                .required(true)
                .content(
                    OASFactory.createContent()
                        .addMediaType(
                            "application/json",
                            OASFactory.createMediaType().schema(schema(types[i])))));
      }
    }
    var responses = OASFactory.createAPIResponses();
    Type returns = m.getGenericReturnType();
    var declared =
        m.getAnnotationsByType(
            org.eclipse.microprofile.openapi.annotations.responses.APIResponse.class);
    for (var r : declared) {
      var response = OASFactory.createAPIResponse().description(r.description());
      for (var c : r.content()) {
        Class<?> type = c.schema().implementation();
        if (type != Void.class) {
          response.content(
              OASFactory.createContent()
                  .addMediaType(
                      c.mediaType().isBlank() ? "application/json" : c.mediaType(),
                      OASFactory.createMediaType().schema(schema(type))));
        }
      }
      responses.addAPIResponse(r.responseCode(), response);
    }
    if (declared.length == 0) {
      responses.addAPIResponse(returns == void.class ? "204" : "200", response(returns));
    }
    op.setResponses(responses);
    return op;
  }

  /** The response a method's return type stands for, when the method declares none. */
  private org.eclipse.microprofile.openapi.models.responses.APIResponse response(Type returns) {
    if (returns == void.class) {
      return OASFactory.createAPIResponse().description("Done");
    }
    if (returns == Response.class) {
      return OASFactory.createAPIResponse().description("Success");
    }
    return OASFactory.createAPIResponse()
        .description("Success")
        .content(
            OASFactory.createContent()
                .addMediaType(
                    "application/json", OASFactory.createMediaType().schema(schema(returns))));
  }

  private Parameter parameter(Annotation[] annotations, Type type) {
    for (Annotation a : annotations) {
      if (a instanceof PathParam p) {
        return param(p.value(), Parameter.In.PATH, type).required(true);
      }
      if (a instanceof QueryParam q) {
        return param(q.value(), Parameter.In.QUERY, type);
      }
      if (a instanceof HeaderParam h) {
        return param(h.value(), Parameter.In.HEADER, type);
      }
      if (a instanceof CookieParam c) {
        return param(c.value(), Parameter.In.COOKIE, type);
      }
    }
    return null;
  }

  private Parameter param(String name, Parameter.In in, Type type) {
    return OASFactory.createParameter().name(name).in(in).schema(schema(type));
  }

  private static boolean isBody(Annotation[] annotations) {
    for (Annotation a : annotations) {
      if (a instanceof Context
          || a instanceof FormParam
          || a instanceof MatrixParam
          || a instanceof BeanParam) {
        return false;
      }
    }
    return true;
  }

  /** The schema of a Java type: inline for simple and container types, a reference for records. */
  Schema schema(Type type) {
    if (type instanceof WildcardType w) {
      return schema(w.getUpperBounds()[0]);
    }
    if (type instanceof GenericArrayType g) {
      return array(schema(g.getGenericComponentType()));
    }
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      Type[] args = p.getActualTypeArguments();
      if (Collection.class.isAssignableFrom(raw)) {
        return array(schema(args[0]));
      }
      if (Map.class.isAssignableFrom(raw)) {
        return OpenApiSchemas.of(Schema.SchemaType.OBJECT)
            .additionalPropertiesSchema(schema(args[1]));
      }
      if (raw == Optional.class) {
        return schema(args[0]);
      }
      if (raw == dev.atelier.plugin.api.web.Page.class) {
        return OpenApiSchemas.of(Schema.SchemaType.OBJECT)
            .description("One page of a list")
            .addProperty("items", array(schema(args[0])))
            .addProperty("total", integer("int64"))
            .addProperty("limit", integer("int32"))
            .addProperty("offset", integer("int32"));
      }
      return schema(raw);
    }
    Class<?> c = (Class<?>) type;
    if (c == String.class || c == char.class || c == Character.class) {
      return simple(Schema.SchemaType.STRING, null);
    }
    if (c == int.class || c == Integer.class || c == short.class || c == Short.class) {
      return integer("int32");
    }
    if (c == long.class || c == Long.class || c == BigInteger.class) {
      return integer("int64");
    }
    if (c == double.class
        || c == Double.class
        || c == float.class
        || c == Float.class
        || c == BigDecimal.class) {
      return simple(Schema.SchemaType.NUMBER, null);
    }
    if (c == boolean.class || c == Boolean.class) {
      return simple(Schema.SchemaType.BOOLEAN, null);
    }
    if (c == Instant.class || c == OffsetDateTime.class) {
      return simple(Schema.SchemaType.STRING, "date-time");
    }
    if (c == LocalDate.class) {
      return simple(Schema.SchemaType.STRING, "date");
    }
    if (c == UUID.class) {
      return simple(Schema.SchemaType.STRING, "uuid");
    }
    if (c == byte[].class) {
      return simple(Schema.SchemaType.STRING, "binary");
    }
    if (c.isArray()) {
      return array(schema(c.getComponentType()));
    }
    if (c.isEnum()) {
      Schema s = simple(Schema.SchemaType.STRING, null);
      for (Object constant : c.getEnumConstants()) {
        s.addEnumeration(((Enum<?>) constant).name().toLowerCase(java.util.Locale.ROOT));
      }
      return s;
    }
    if (c.isRecord()) {
      return OASFactory.createSchema().ref("#/components/schemas/" + component(c));
    }
    return OpenApiSchemas.of(Schema.SchemaType.OBJECT);
  }

  /** Registers a record's schema under a name free in the document and returns the name. */
  private String component(Class<?> record) {
    String known = names.get(record);
    if (known != null) {
      return known;
    }
    String name = record.getSimpleName();
    Map<String, Schema> existing = components.getSchemas();
    if (existing != null
        && existing.containsKey(name)
        && record.getClassLoader() == PluginOpenApi.class.getClassLoader()) {
      names.put(record, name); // a core type the application scan described already
      return name;
    }
    Class<?> outer = record.getEnclosingClass();
    if (existing != null && existing.containsKey(name)) {
      name =
          (outer == null ? "Plugin" : outer.getSimpleName().replaceFirst("Resource$", "")) + name;
    }
    for (int i = 2; existing != null && existing.containsKey(name); i++) {
      name = record.getSimpleName() + i;
    }
    names.put(record, name);
    Schema s = OpenApiSchemas.of(Schema.SchemaType.OBJECT);
    components.addSchema(name, s); // before the members, so a member referring back finds it
    for (RecordComponent rc : record.getRecordComponents()) {
      s.addProperty(OpenApiFilter.snakeCase(rc.getName()), schema(rc.getGenericType()));
    }
    return name;
  }

  private static Schema array(Schema items) {
    return OpenApiSchemas.of(Schema.SchemaType.ARRAY).items(items);
  }

  private static Schema integer(String format) {
    return simple(Schema.SchemaType.INTEGER, format);
  }

  private static Schema simple(Schema.SchemaType type, String format) {
    Schema s = OpenApiSchemas.of(type);
    return format == null ? s : s.format(format);
  }

  private static String tagOf(
      org.eclipse.microprofile.openapi.annotations.tags.Tag tag, String pluginId) {
    return tag != null && !tag.name().isBlank() ? tag.name() : pluginId;
  }

  private static PathItem.HttpMethod verb(Method m) {
    String v = OpenApiFilter.verb(m);
    return v == null ? null : PathItem.HttpMethod.valueOf(v);
  }
}

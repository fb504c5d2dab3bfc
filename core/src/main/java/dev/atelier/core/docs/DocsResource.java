package dev.atelier.core.docs;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.security.PublicEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The interactive documentation: Swagger UI at {@code /docs}, ReDoc at {@code /redoc}, both reading
 * the server's OpenAPI document ({@link OpenApiDocument}), served at {@code /openapi.json}.
 */
@Path("")
@ApplicationScoped
@PublicEndpoint
public class DocsResource {

  private static final String SWAGGER_UI = "META-INF/resources/webjars/swagger-ui/";
  private static final Set<String> SWAGGER_FILES =
      Set.of(
          "swagger-ui.css",
          "swagger-ui-bundle.js",
          "swagger-ui-standalone-preset.js",
          "favicon-32x32.png",
          "favicon-16x16.png");
  private static final Map<String, String> TYPES =
      Map.of("css", "text/css", "js", "application/javascript", "png", "image/png");

  private final String swaggerVersion = swaggerUiVersion();

  @Inject OpenApiDocument document;

  /** The OpenAPI document, as JSON. */
  @GET
  @Path("openapi.json")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(hidden = true)
  public Response openapiJson() {
    return Response.ok(document.json(), MediaType.APPLICATION_JSON_TYPE)
        .header("Cache-Control", "no-cache")
        .header("Access-Control-Allow-Origin", "*")
        .build();
  }

  /**
   * The same at {@code /openapi}, where MicroProfile servers serve their own document: with {@code
   * atelier.jar} and on WildFly Atelier's is served there (the server's is switched off); on Payara
   * Server, {@code /openapi} is Payara's unless switched off, and {@code /openapi.json} is always
   * Atelier's.
   */
  @GET
  @Path("openapi")
  @Produces({"application/yaml", MediaType.APPLICATION_JSON})
  @Operation(hidden = true)
  public Response openapi(
      @QueryParam("format") String format, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
    // as MicroProfile OpenAPI answers: YAML, or JSON when asked for it
    boolean json =
        "json".equalsIgnoreCase(format)
            || (format == null && accept != null && accept.contains(MediaType.APPLICATION_JSON));
    if (json) {
      return openapiJson();
    }
    return Response.ok(document.yaml(), "application/yaml")
        .header("Cache-Control", "no-cache")
        .header("Access-Control-Allow-Origin", "*")
        .build();
  }

  /**
   * The pages' Content-Security-Policy: scripts, styles and data from this server only; inline
   * styles, which both UIs set; workers from blobs, which ReDoc starts; nothing may frame them.
   */
  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline';"
          + " img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src blob:;"
          + " base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  @GET
  @Path("docs")
  @Produces(MediaType.TEXT_HTML)
  @Operation(hidden = true)
  public Response swaggerUi() {
    return page(
        """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <title>Atelier API</title>
          <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
          <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
        </head>
        <body>
          <div id="swagger-ui" data-spec-url="/openapi.json"></div>
          <script src="/docs/assets/swagger-ui-bundle.js"></script>
          <script src="/docs/assets/atelier-docs.js"></script>
        </body>
        </html>
        """);
  }

  @GET
  @Path("docs/assets/{file}")
  @Operation(hidden = true)
  public Response swaggerAsset(@PathParam("file") String file) {
    if ("atelier-docs.js".equals(file)) {
      return resource("static/docs/atelier-docs.js", file);
    }
    if (!SWAGGER_FILES.contains(file)) {
      throw ApiException.notFound("The file");
    }
    return resource(SWAGGER_UI + swaggerVersion + "/" + file, file);
  }

  @GET
  @Path("redoc")
  @Produces(MediaType.TEXT_HTML)
  @Operation(hidden = true)
  public Response redoc() {
    return page(
        """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <title>Atelier API</title>
          <meta name="viewport" content="width=device-width, initial-scale=1">
        </head>
        <body>
          <redoc spec-url="/openapi.json"></redoc>
          <script src="/redoc/redoc.standalone.js"></script>
        </body>
        </html>
        """);
  }

  private static Response page(String html) {
    return Response.ok(html, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .header("Content-Security-Policy", CSP)
        .header("Cache-Control", "no-cache")
        .build();
  }

  @GET
  @Path("redoc/redoc.standalone.js")
  @Operation(hidden = true)
  public Response redocScript() {
    return resource("static/redoc/redoc.standalone.js", "redoc.standalone.js");
  }

  private Response resource(String path, String file) {
    InputStream in = DocsResource.class.getClassLoader().getResourceAsStream(path);
    if (in == null) {
      throw ApiException.notFound("The file");
    }
    String ext = file.substring(file.lastIndexOf('.') + 1);
    CacheControl cache = new CacheControl();
    cache.setMaxAge(86400);
    return Response.ok(in, TYPES.getOrDefault(ext, "application/octet-stream"))
        .cacheControl(cache)
        .build();
  }

  private static String swaggerUiVersion() {
    try (InputStream in =
        DocsResource.class
            .getClassLoader()
            .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
      if (in != null) {
        java.util.Properties p = new java.util.Properties();
        p.load(in);
        return p.getProperty("version");
      }
    } catch (java.io.IOException ignored) {
      // fall through
    }
    return "unknown";
  }
}

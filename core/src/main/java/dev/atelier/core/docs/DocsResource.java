package dev.atelier.core.docs;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.security.PublicEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The interactive documentation: Swagger UI at {@code /docs}, ReDoc at {@code /redoc}, both reading
 * the MicroProfile OpenAPI document, which {@code /openapi.json} also serves as JSON.
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

  @GET
  @Path("openapi.json")
  @Operation(hidden = true)
  public Response openapiJson() {
    return Response.status(302).location(URI.create("/openapi?format=JSON")).build();
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
          <div id="swagger-ui" data-spec-url="/openapi?format=JSON"></div>
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
          <redoc spec-url="/openapi?format=JSON"></redoc>
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

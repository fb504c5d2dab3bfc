package dev.atelier.core.files;

import dev.atelier.core.projects.Projects;
import dev.atelier.core.security.Caller;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import dev.atelier.plugin.api.web.ProblemException;
import dev.atelier.plugin.api.web.RequiresRole;
import dev.atelier.plugin.api.web.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The files of a project (by id or slug): list, read, write, delete, rename, create folders. Reads
 * need viewer, changes operator. File changes are not audited (they would flood the trail).
 */
@Path("api/v1/projects/{id}/files")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Project files", description = "The files and folders of a project")
public class FilesResource {

  private static final String ETAG = HttpHeaders.ETAG;

  @Inject Caller caller;
  @Inject Projects projects;
  @Inject ProjectFiles files;

  private String project(String idOrSlug) {
    return projects.idOf(caller.tenantId(), idOrSlug);
  }

  @GET
  @Operation(
      summary =
          "List the files and folders of a project folder (path, the root when absent), by path;"
              + " recursive=true lists everything under it")
  @APIResponse(responseCode = "409", description = "The path is a file (not_a_directory)")
  @APIResponse(
      responseCode = "422",
      description = "Invalid path, paging or flag (invalid_path, validation_error)")
  public Page<FileEntry> list(
      @PathParam("id") String id,
      @Parameter(
              description = "The folder to list, relative to the project root (default: the root)")
          @QueryParam("path")
          String path,
      @Parameter(
              description = "List (or delete) the folder's whole tree",
              schema = @Schema(type = SchemaType.BOOLEAN))
          @QueryParam("recursive")
          String recursive,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    PageRequest page = PageRequest.of(limit, offset);
    boolean deep = flag("recursive", recursive);
    return files.list(caller.tenantId(), project(id), path, deep, page);
  }

  @GET
  @Path("{path: .+}")
  @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_OCTET_STREAM})
  @Operation(
      operationId = "readFile",
      summary =
          "A file: as JSON (UTF-8 text, or base64), or its bytes with Accept:"
              + " application/octet-stream or raw=true")
  @APIResponse(
      responseCode = "200",
      description = "The file, with its ETag",
      headers =
          @Header(
              name = "ETag",
              description = "The file's version, for If-Match and If-None-Match"),
      content = {
        @Content(
            mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = FileContent.class)),
        @Content(
            mediaType = MediaType.APPLICATION_OCTET_STREAM,
            schema = @Schema(type = SchemaType.STRING, format = "binary"))
      })
  @APIResponse(
      responseCode = "304",
      description = "Not modified (If-None-Match)",
      headers = @Header(name = "ETag", description = "The file's version"))
  @APIResponse(responseCode = "409", description = "The path is a folder (is_a_directory)")
  @APIResponse(responseCode = "422", description = "Invalid path (invalid_path)")
  public Response read(
      @PathParam("id") String id,
      @PathParam("path") String path,
      @Parameter(
              description = "Answer the file's bytes as they are instead of a JSON view",
              schema = @Schema(type = SchemaType.BOOLEAN))
          @QueryParam("raw")
          String raw,
      @HeaderParam("If-None-Match") String ifNoneMatch,
      @Context HttpHeaders headers) {
    boolean bytes = flag("raw", raw) || prefersBytes(headers.getAcceptableMediaTypes());
    FileData data = files.read(caller.tenantId(), project(id), path);
    if (ifNoneMatch != null && ETags.matches(ifNoneMatch, data.etag())) {
      return Response.notModified().header(ETAG, data.etag()).build();
    }
    FileEntry e = data.entry();
    if (bytes) {
      String name = URLEncoder.encode(e.name(), StandardCharsets.UTF_8).replace("+", "%20");
      return Response.ok(data.content(), MediaType.APPLICATION_OCTET_STREAM_TYPE)
          .header(ETAG, data.etag())
          .header("Content-Disposition", "attachment; filename*=UTF-8''" + name)
          .header("X-Content-Type-Options", "nosniff")
          .build();
    }
    FileContent view = FileContent.of(data);
    return Response.ok(view, MediaType.APPLICATION_JSON_TYPE).header(ETAG, data.etag()).build();
  }

  /** Whether the client prefers bytes to JSON (the first acceptable type decides). */
  static boolean prefersBytes(List<MediaType> acceptable) {
    for (MediaType t : acceptable) {
      if (t.isWildcardType() || t.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
        return false;
      }
      if (t.isCompatible(MediaType.APPLICATION_OCTET_STREAM_TYPE)) {
        return true;
      }
    }
    return false;
  }

  @PUT
  @Path("{path: .+}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(
      operationId = "writeFile",
      summary =
          "Create (201) or replace (200) a file, creating its folders; If-Match makes it"
              + " conditional on the current ETag")
  @APIResponse(
      responseCode = "201",
      description = "Created",
      headers =
          @Header(
              name = "ETag",
              description = "The file's version, for If-Match and If-None-Match"),
      content = @Content(schema = @Schema(implementation = FileEntry.class)))
  @APIResponse(
      responseCode = "200",
      description = "Replaced",
      headers =
          @Header(
              name = "ETag",
              description = "The file's version, for If-Match and If-None-Match"),
      content = @Content(schema = @Schema(implementation = FileEntry.class)))
  @APIResponse(
      responseCode = "412",
      description = "The file changed since the ETag of If-Match, or exists (If-None-Match: *)")
  @APIResponse(
      responseCode = "409",
      description =
          "is_a_directory or project_quota_exceeded: a folder is at the path, or the project is full")
  public Response write(
      @PathParam("id") String id,
      @PathParam("path") String path,
      @HeaderParam("If-Match") String ifMatch,
      @HeaderParam("If-None-Match") String ifNoneMatch,
      WriteFile body) {
    Check.body(body);
    byte[] content = body.bytes();
    return written(
        files.write(
            caller.tenantId(),
            project(id),
            path,
            new ByteArrayInputStream(content),
            ifMatch,
            ifNoneMatch));
  }

  @PUT
  @Path("{path: .+}")
  @Consumes(MediaType.APPLICATION_OCTET_STREAM)
  @RequiresRole(Role.OPERATOR)
  @Operation(summary = "Create or replace a file with the bytes of the body")
  public Response upload(
      @PathParam("id") String id,
      @PathParam("path") String path,
      @HeaderParam("If-Match") String ifMatch,
      @HeaderParam("If-None-Match") String ifNoneMatch,
      InputStream body) {
    return written(files.write(caller.tenantId(), project(id), path, body, ifMatch, ifNoneMatch));
  }

  private static Response written(Written w) {
    return Response.status(w.created() ? 201 : 200)
        .entity(w.entry())
        .header(ETAG, w.etag())
        .build();
  }

  @DELETE
  @Path("{path: .+}")
  @RequiresRole(Role.OPERATOR)
  @Operation(summary = "Delete a file, or a folder (one that is not empty with recursive=true)")
  @APIResponse(responseCode = "204", description = "Deleted")
  @APIResponse(
      responseCode = "409",
      description = "directory_not_empty: the folder is not empty (use recursive=true)")
  @APIResponse(
      responseCode = "422",
      description = "Invalid path or flag (invalid_path, validation_error)")
  public Response delete(
      @PathParam("id") String id,
      @PathParam("path") String path,
      @Parameter(
              description = "List (or delete) the folder's whole tree",
              schema = @Schema(type = SchemaType.BOOLEAN))
          @QueryParam("recursive")
          String recursive) {
    boolean deep = flag("recursive", recursive);
    files.delete(caller.tenantId(), project(id), path, deep);
    return Response.noContent().build();
  }

  @POST
  @Path("rename")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(
      operationId = "renameFile",
      summary =
          "Move or rename a file or folder; a file at to is replaced only with overwrite=true")
  @APIResponse(
      responseCode = "409",
      description =
          "file_exists: something is at the target (a file is replaced only with overwrite=true)")
  public FileEntry rename(@PathParam("id") String id, RenameFile body) {
    Check.body(body).required("from", body.from()).required("to", body.to()).done();
    return files.rename(
        caller.tenantId(),
        project(id),
        body.from(),
        body.to(),
        Boolean.TRUE.equals(body.overwrite()));
  }

  @POST
  @Path("directory")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(summary = "Create a folder and its parents (201); an existing folder answers 200")
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content = @Content(schema = @Schema(implementation = FileEntry.class)))
  @APIResponse(
      responseCode = "200",
      description = "The folder already exists",
      content = @Content(schema = @Schema(implementation = FileEntry.class)))
  @APIResponse(responseCode = "409", description = "file_exists: a file is at the path")
  public Response createDirectory(@PathParam("id") String id, CreateDirectory body) {
    Check.body(body).required("path", body.path()).done();
    Written w = files.createDirectory(caller.tenantId(), project(id), body.path());
    return Response.status(w.created() ? 201 : 200).entity(w.entry()).build();
  }

  /** A boolean query parameter: absent, {@code true} or {@code false}; anything else is 422. */
  private static boolean flag(String name, String value) {
    if (value == null || value.isEmpty() || value.equals("false")) {
      return false;
    }
    if (value.equals("true")) {
      return true;
    }
    throw ProblemException.validation(name, "must be true or false");
  }
}

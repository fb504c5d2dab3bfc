package dev.atelier.core.idempotency;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.api.JsonConfig;
import dev.atelier.core.security.Caller;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * {@code Idempotency-Key} on every POST: the first request with a key runs and its successful
 * response is kept for 24 hours; a retry with the same key and body gets that response again with
 * {@code Idempotent-Replayed: true}; the same key with another body is refused (422); a retry while
 * the first is still running gets 409. A failed request frees its key.
 */
@Provider
@Priority(Priorities.USER)
public class IdempotencyFilter implements ContainerRequestFilter, ContainerResponseFilter {

  public static final String HEADER = "Idempotency-Key";
  private static final String CLAIM = "atelier.idempotency.claim";

  @Context ResourceInfo resourceInfo;
  @Inject Caller caller;
  @Inject IdempotencyStore store;

  private record Claim(String principal, String key) {}

  @Override
  public void filter(ContainerRequestContext request) {
    String key = request.getHeaderString(HEADER);
    if (key == null || !"POST".equals(request.getMethod())) {
      return;
    }
    if (resourceInfo.getResourceMethod() != null
        && resourceInfo.getResourceMethod().isAnnotationPresent(NotIdempotent.class)) {
      return;
    }
    if (key.isEmpty()
        || key.length() > 255
        || !key.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f)) {
      throw ApiException.badRequest(
          "invalid_idempotency_key",
          "Idempotency-Key must be 1-255 visible ASCII characters (a UUID is a good choice).");
    }
    byte[] body = readBody(request);
    String hash = hash(request.getUriInfo().getPath(), body);
    String principal =
        caller.isAuthenticated() ? caller.principal().credentialKey() : "ip:" + caller.ip();
    Optional<IdempotencyStore.Record> existing = store.claim(principal, key, hash);
    if (existing.isEmpty()) {
      request.setProperty(CLAIM, new Claim(principal, key));
      return;
    }
    IdempotencyStore.Record record = existing.get();
    if (!record.requestHash().equals(hash)) {
      throw new ApiException(
          422,
          "idempotency_key_reused",
          "Idempotency key reused",
          "This Idempotency-Key was already used with a different request.");
    }
    if (!record.done()) {
      throw ApiException.conflict(
          "idempotency_in_flight", "A request with this Idempotency-Key is still in progress.");
    }
    Response.ResponseBuilder replay =
        Response.status(record.status()).header("Idempotent-Replayed", "true");
    if (record.body() != null) {
      replay.entity(record.body()).type(record.contentType());
    }
    if (record.location() != null) {
      replay.header(HttpHeaders.LOCATION, record.location());
    }
    request.abortWith(replay.build());
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (!(request.getProperty(CLAIM) instanceof Claim claim)) {
      return;
    }
    int status = response.getStatus();
    if (status < 200 || status >= 300) {
      store.release(claim.principal(), claim.key());
      return;
    }
    Object entity = response.getEntity();
    String body =
        entity == null ? null : entity instanceof String s ? s : JsonConfig.jsonb().toJson(entity);
    String type = response.getMediaType() == null ? null : response.getMediaType().toString();
    String location = response.getLocation() == null ? null : response.getLocation().toString();
    store.complete(claim.principal(), claim.key(), status, type, location, body);
  }

  private static byte[] readBody(ContainerRequestContext request) {
    if (!request.hasEntity()) {
      return new byte[0];
    }
    try {
      byte[] body = request.getEntityStream().readAllBytes();
      request.setEntityStream(new ByteArrayInputStream(body));
      return body;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String hash(String path, byte[] body) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(path.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(body);
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

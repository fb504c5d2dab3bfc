package dev.atelier.core.api;

import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Refuses request bodies larger than {@code atelier.http.max-body-bytes} with 413: by the declared
 * length before anything is read, and by counting when the length is not declared. A file upload of
 * raw bytes ({@code PUT /api/v1/projects/{id}/files/{path}} with {@code application/octet-stream})
 * may be as large as a project file ({@code atelier.files.max-file-bytes}, 413 {@code
 * file_too_large} above): it is streamed to disk, never held in memory.
 */
@Provider
@PreMatching
@Priority(100)
public class BodyLimitFilter implements ContainerRequestFilter {

  private static final Pattern FILE_PATH = Pattern.compile("^/?api/v1/projects/[^/]+/files/.+");

  @Inject AtelierConfig config;

  @Override
  public void filter(ContainerRequestContext request) {
    long max;
    Supplier<ProblemException> tooLarge;
    if (isFileUpload(request)) {
      long fileMax = config.filesMaxFileBytes();
      max = fileMax;
      tooLarge = () -> fileTooLarge(fileMax);
    } else {
      long bodyMax = config.maxBodyBytes();
      max = bodyMax;
      tooLarge = () -> tooLarge(bodyMax);
    }
    if (request.getLength() > max) {
      throw tooLarge.get();
    }
    if (request.hasEntity()) {
      request.setEntityStream(new Limited(request.getEntityStream(), max, tooLarge));
    }
  }

  private static boolean isFileUpload(ContainerRequestContext request) {
    return "PUT".equals(request.getMethod())
        && MediaType.APPLICATION_OCTET_STREAM_TYPE.isCompatible(request.getMediaType())
        && FILE_PATH.matcher(request.getUriInfo().getPath()).matches();
  }

  /** 413 {@code file_too_large}: a project file above the limit. */
  public static ApiException fileTooLarge(long max) {
    return new ApiException(
        413,
        "file_too_large",
        "File too large",
        "The file is larger than the limit of " + max + " bytes.");
  }

  static ApiException tooLarge(long max) {
    return new ApiException(
        413,
        "payload_too_large",
        "Payload too large",
        "The request body is larger than the limit of " + max + " bytes.");
  }

  private static final class Limited extends FilterInputStream {
    private final long max;
    private final Supplier<ProblemException> tooLarge;
    private long count;

    Limited(InputStream in, long max, Supplier<ProblemException> tooLarge) {
      super(in);
      this.max = max;
      this.tooLarge = tooLarge;
    }

    private void add(long n) {
      if (n > 0) {
        count += n;
        if (count > max) {
          throw tooLarge.get();
        }
      }
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        add(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      add(n);
      return n;
    }
  }
}

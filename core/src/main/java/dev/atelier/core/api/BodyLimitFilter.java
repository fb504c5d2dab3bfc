package dev.atelier.core.api;

import dev.atelier.core.platform.AtelierConfig;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses request bodies larger than {@code atelier.http.max-body-bytes} with 413: by the declared
 * length before anything is read, and by counting when the length is not declared.
 */
@Provider
@PreMatching
@Priority(100)
public class BodyLimitFilter implements ContainerRequestFilter {

  @Inject AtelierConfig config;

  @Override
  public void filter(ContainerRequestContext request) {
    long max = config.maxBodyBytes();
    if (request.getLength() > max) {
      throw tooLarge(max);
    }
    if (request.hasEntity()) {
      request.setEntityStream(new Limited(request.getEntityStream(), max));
    }
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
    private long count;

    Limited(InputStream in, long max) {
      super(in);
      this.max = max;
    }

    private void add(long n) {
      if (n > 0) {
        count += n;
        if (count > max) {
          throw tooLarge(max);
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

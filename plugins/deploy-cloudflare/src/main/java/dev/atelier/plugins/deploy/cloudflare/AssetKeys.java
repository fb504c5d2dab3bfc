package dev.atelier.plugins.deploy.cloudflare;

import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.codec.digest.Blake3;

/**
 * Cloudflare Pages' asset keys and content types, derived as its CLI derives them: the key is the
 * BLAKE3 hash of the file's content in base64 followed by its extension without the dot, in hex,
 * its first 32 characters.
 */
final class AssetKeys {

  private static final Map<String, String> TYPES =
      Map.ofEntries(
          Map.entry("html", "text/html"),
          Map.entry("htm", "text/html"),
          Map.entry("css", "text/css"),
          Map.entry("js", "application/javascript"),
          Map.entry("mjs", "application/javascript"),
          Map.entry("json", "application/json"),
          Map.entry("map", "application/json"),
          Map.entry("svg", "image/svg+xml"),
          Map.entry("png", "image/png"),
          Map.entry("jpg", "image/jpeg"),
          Map.entry("jpeg", "image/jpeg"),
          Map.entry("gif", "image/gif"),
          Map.entry("webp", "image/webp"),
          Map.entry("ico", "image/vnd.microsoft.icon"),
          Map.entry("txt", "text/plain"),
          Map.entry("xml", "application/xml"),
          Map.entry("wasm", "application/wasm"),
          Map.entry("woff", "font/woff"),
          Map.entry("woff2", "font/woff2"));

  private AssetKeys() {}

  /** The extension of the file name at the end of {@code path}, without the dot, or empty. */
  static String extension(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return dot <= 0 ? "" : name.substring(dot + 1);
  }

  /** The asset key of a file at {@code path} with {@code content}. */
  static String key(String path, byte[] content) {
    String input = Base64.getEncoder().encodeToString(content) + extension(path);
    byte[] hash = Blake3.hash(input.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(hash).substring(0, 32);
  }

  /** The content type Cloudflare serves the file with. */
  static String contentType(String path) {
    String known = TYPES.get(extension(path).toLowerCase(Locale.ROOT));
    if (known != null) {
      return known;
    }
    String guessed = URLConnection.getFileNameMap().getContentTypeFor(path);
    return guessed == null ? "application/octet-stream" : guessed;
  }
}

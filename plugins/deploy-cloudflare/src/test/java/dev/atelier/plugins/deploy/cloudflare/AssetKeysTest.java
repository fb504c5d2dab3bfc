package dev.atelier.plugins.deploy.cloudflare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Asset keys against BLAKE3's official vectors, fed through Cloudflare's derivation. */
class AssetKeysTest {

  @Test
  void anEmptyFileWithoutExtensionHashesTheEmptyInput() {
    // BLAKE3("") = af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262
    assertEquals("af1349b9f5f9a1a6a0404dea36dcc949", AssetKeys.key("LICENSE", new byte[0]));
  }

  @Test
  void theExtensionFollowsTheBase64Content() {
    // an empty file named *.abc hashes "abc":
    // BLAKE3("abc") = 6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85
    assertEquals("6437b3ac38465133ffb63b75273a8db5", AssetKeys.key("dir/a.abc", new byte[0]));
  }

  @Test
  void extensionsAndContentTypes() {
    assertEquals("html", AssetKeys.extension("a/index.html"));
    assertEquals("", AssetKeys.extension("a.d/.htaccess"));
    assertEquals("", AssetKeys.extension("_redirects"));
    assertEquals("text/html", AssetKeys.contentType("index.html"));
    assertEquals("application/octet-stream", AssetKeys.contentType("blob.unknownext"));
  }
}

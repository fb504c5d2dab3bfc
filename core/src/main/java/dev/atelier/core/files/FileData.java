package dev.atelier.core.files;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A file read whole.
 *
 * @param entry the file
 * @param content its bytes
 * @param etag its entity tag (a hash of the content, quoted)
 */
public record FileData(FileEntry entry, byte[] content, String etag) {

  /** The content as text when it is well-formed UTF-8, else null. */
  public String text() {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(content))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}

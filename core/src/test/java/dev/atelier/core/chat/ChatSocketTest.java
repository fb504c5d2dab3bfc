package dev.atelier.core.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChatSocketTest {

  @Test
  void framesAreMeasuredInUtf8Bytes() {
    for (String s :
        new String[] {"", "plain", "é", "€ and more", "emoji 🎨 twice 🎨", "mixed ü€🎨a"}) {
      assertEquals(s.getBytes(StandardCharsets.UTF_8).length, ChatSocket.utf8Length(s), s);
    }
  }
}

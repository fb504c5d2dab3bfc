package dev.atelier.core.security;

import dev.atelier.core.platform.AtelierConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.logging.Logger;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The master key and what is derived from it: AES-GCM encryption of secrets at rest and keyed
 * hashes (HMAC-SHA256) of API keys and refresh tokens. Each purpose uses its own sub-key, so a
 * value encrypted for one purpose cannot be replayed for another.
 *
 * <p>The key comes from {@code ATELIER_MASTER_KEY} (base64 of 32 bytes). Without it a key is
 * generated once and stored as {@code master.key} in the data directory, with a warning: nodes that
 * share a database must share the key.
 */
@ApplicationScoped
public class MasterKey {

  private static final Logger LOG = Logger.getLogger(MasterKey.class.getName());
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int IV_BYTES = 12;
  private static final String VERSION_PREFIX = "v1:";

  @Inject AtelierConfig config;

  private byte[] encryptionKey;
  private byte[] hashKey;
  private byte[] signingKey;

  public MasterKey() {}

  /** For unit tests: a master key from raw bytes. */
  public static MasterKey of(byte[] raw) {
    MasterKey key = new MasterKey();
    key.derive(raw);
    return key;
  }

  @PostConstruct
  void init() {
    derive(loadOrCreate());
  }

  private void derive(byte[] raw) {
    if (raw.length < 32) {
      throw new IllegalStateException("The master key must be at least 32 bytes (base64).");
    }
    encryptionKey = hmac(raw, "atelier:encryption:v1");
    hashKey = hmac(raw, "atelier:hash:v1");
    signingKey = hmac(raw, "atelier:signing:v1");
  }

  private byte[] loadOrCreate() {
    if (config.masterKey().isPresent()) {
      return decode(config.masterKey().get().trim());
    }
    Path file = config.dataDir().resolve("master.key");
    try {
      if (Files.exists(file)) {
        return decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
      }
      Files.createDirectories(file.getParent());
      byte[] raw = new byte[32];
      RANDOM.nextBytes(raw);
      Files.writeString(
          file,
          Base64.getEncoder().encodeToString(raw) + "\n",
          StandardCharsets.US_ASCII,
          StandardOpenOption.CREATE_NEW);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system
      }
      LOG.warning(
          "ATELIER_MASTER_KEY is not set: generated a master key at "
              + file
              + ". Back it up; every node sharing this database needs the same key.");
      return raw;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or create the master key at " + file, e);
    }
  }

  private static byte[] decode(String base64) {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("ATELIER_MASTER_KEY is not valid base64.", e);
    }
  }

  /** Encrypts {@code plain}, binding it to {@code context} (which must be given to decrypt). */
  public String encrypt(String plain, String context) {
    try {
      byte[] iv = new byte[IV_BYTES];
      RANDOM.nextBytes(iv);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(encryptionKey, "AES"),
          new GCMParameterSpec(128, iv));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[iv.length + sealed.length];
      System.arraycopy(iv, 0, out, 0, iv.length);
      System.arraycopy(sealed, 0, out, iv.length, sealed.length);
      return VERSION_PREFIX + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Encryption failed", e);
    }
  }

  /** Decrypts a value made by {@link #encrypt}; fails if it was made for another context. */
  public String decrypt(String sealed, String context) {
    if (!sealed.startsWith(VERSION_PREFIX)) {
      throw new IllegalStateException("Unknown ciphertext format");
    }
    try {
      byte[] in = Base64.getDecoder().decode(sealed.substring(VERSION_PREFIX.length()));
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(encryptionKey, "AES"),
          new GCMParameterSpec(128, in, 0, IV_BYTES));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Decryption failed (wrong master key or context)", e);
    }
  }

  /** A keyed hash (hex) of a credential, for storing and looking up without the plain value. */
  public String keyedHash(String value) {
    byte[] mac = hmac(hashKey, value);
    StringBuilder hex = new StringBuilder(mac.length * 2);
    for (byte b : mac) {
      hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
    }
    return hex.toString();
  }

  /**
   * A MAC (HMAC-SHA256) of {@code message} under a sub-key of its own for {@code purpose}, for
   * values the server hands out and must recognise later (on any node that shares the key).
   */
  public byte[] sign(String purpose, String message) {
    return hmac(hmac(signingKey, purpose), message);
  }

  private static byte[] hmac(byte[] key, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}

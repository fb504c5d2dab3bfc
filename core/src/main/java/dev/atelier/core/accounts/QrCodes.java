package dev.atelier.core.accounts;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

/**
 * QR codes as PNG images: ZXing lays out the modules, and a small PNG writer (8-bit grayscale, no
 * AWT, so it works on a headless server of any kind) draws them four pixels each with the quiet
 * zone the standard asks for.
 */
final class QrCodes {

  private static final int SCALE = 4;
  private static final int QUIET_ZONE = 4;

  private QrCodes() {}

  /** The PNG of a QR code (error correction M) holding {@code text}. */
  static byte[] png(String text) {
    BitMatrix matrix;
    try {
      matrix =
          new QRCodeWriter()
              .encode(
                  text,
                  BarcodeFormat.QR_CODE,
                  0,
                  0,
                  Map.of(
                      EncodeHintType.ERROR_CORRECTION,
                      ErrorCorrectionLevel.M,
                      EncodeHintType.MARGIN,
                      0,
                      EncodeHintType.CHARACTER_SET,
                      StandardCharsets.UTF_8.name()));
    } catch (WriterException e) {
      throw new IllegalStateException("Cannot make a QR code", e);
    }
    int modules = matrix.getWidth();
    int size = (modules + 2 * QUIET_ZONE) * SCALE;
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    try (DeflaterOutputStream z = new DeflaterOutputStream(raw)) {
      byte[] row = new byte[size + 1]; // a filter byte (0: none), then the pixels
      for (int y = 0; y < size; y++) {
        int my = y / SCALE - QUIET_ZONE;
        for (int x = 0; x < size; x++) {
          int mx = x / SCALE - QUIET_ZONE;
          boolean dark = mx >= 0 && my >= 0 && mx < modules && my < modules && matrix.get(mx, my);
          row[x + 1] = (byte) (dark ? 0 : 255);
        }
        z.write(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(png)) {
      out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
      ByteArrayOutputStream header = new ByteArrayOutputStream();
      DataOutputStream h = new DataOutputStream(header);
      h.writeInt(size);
      h.writeInt(size);
      h.writeByte(8); // bit depth
      h.writeByte(0); // grayscale
      h.writeByte(0); // deflate
      h.writeByte(0); // adaptive filtering
      h.writeByte(0); // no interlace
      chunk(out, "IHDR", header.toByteArray());
      chunk(out, "IDAT", raw.toByteArray());
      chunk(out, "IEND", new byte[0]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return png.toByteArray();
  }

  private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
    byte[] name = type.getBytes(StandardCharsets.US_ASCII);
    out.writeInt(data.length);
    out.write(name);
    out.write(data);
    CRC32 crc = new CRC32();
    crc.update(name);
    crc.update(data);
    out.writeInt((int) crc.getValue());
  }
}

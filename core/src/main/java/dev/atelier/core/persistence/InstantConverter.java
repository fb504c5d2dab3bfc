package dev.atelier.core.persistence;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;

/**
 * Maps {@link Instant} to {@code TIMESTAMP WITH TIME ZONE} columns. Values are written as UTC
 * {@link OffsetDateTime}s; on reading, drivers differ (H2 returns {@code OffsetDateTime},
 * PostgreSQL a {@code Timestamp}), so each shape is accepted.
 */
@Converter(autoApply = true)
public class InstantConverter implements AttributeConverter<Instant, Object> {

  @Override
  public Object convertToDatabaseColumn(Instant value) {
    return value == null ? null : value.atOffset(ZoneOffset.UTC);
  }

  @Override
  public Instant convertToEntityAttribute(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof OffsetDateTime odt) {
      return odt.toInstant();
    }
    if (value instanceof Timestamp ts) {
      return ts.toInstant();
    }
    if (value instanceof Date d) {
      return d.toInstant();
    }
    if (value instanceof LocalDateTime ldt) {
      return ldt.toInstant(ZoneOffset.UTC);
    }
    if (value instanceof Instant i) {
      return i;
    }
    throw new IllegalArgumentException("Not a timestamp: " + value.getClass());
  }
}

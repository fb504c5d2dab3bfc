package dev.atelier.core.persistence;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Maps {@link Instant} to {@code TIMESTAMP WITH TIME ZONE} columns, written as UTC {@link
 * OffsetDateTime}s. The column type must be {@code OffsetDateTime} (not {@code Object}):
 * EclipseLink takes it to bind a null value with the right SQL type ({@code
 * TIMESTAMP_WITH_TIMEZONE}), and to read the column as an {@code OffsetDateTime} whatever the
 * driver returns; PostgreSQL refuses a null bound as {@code VARCHAR} in a timestamp column.
 */
@Converter(autoApply = true)
public class InstantConverter implements AttributeConverter<Instant, OffsetDateTime> {

  @Override
  public OffsetDateTime convertToDatabaseColumn(Instant value) {
    return value == null ? null : value.atOffset(ZoneOffset.UTC);
  }

  @Override
  public Instant convertToEntityAttribute(OffsetDateTime value) {
    return value == null ? null : value.toInstant();
  }
}

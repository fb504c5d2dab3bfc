package dev.atelier.core.persistence;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Maps {@link Instant} to {@code TIMESTAMP WITH TIME ZONE} columns. Values are written as UTC
 * {@link OffsetDateTime}s. The column type is declared as {@code OffsetDateTime} (not {@code
 * Object}) so that EclipseLink binds a null as a timestamp: with {@code Object} it binds {@code
 * VARCHAR}, which PostgreSQL refuses for a timestamp column. EclipseLink converts what the driver
 * returns (H2 an {@code OffsetDateTime}, PostgreSQL a {@code Timestamp}) to the declared type.
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

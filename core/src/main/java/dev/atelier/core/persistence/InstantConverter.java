package dev.atelier.core.persistence;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Maps {@link Instant} to {@code TIMESTAMP WITH TIME ZONE} columns as UTC {@link OffsetDateTime}s.
 * The database side is declared as {@code OffsetDateTime} (not {@code Object}) so that EclipseLink
 * reads every driver's value as one and binds a null with a timestamp type: PostgreSQL refuses a
 * null bound as {@code VARCHAR} in a timestamp column.
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

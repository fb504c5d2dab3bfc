package dev.atelier.plugin.api.data;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Maps {@link Instant} to {@code TIMESTAMP WITH TIME ZONE} columns as UTC {@link OffsetDateTime}s.
 * The database-side type is declared as {@code OffsetDateTime} (not {@code Object}) so that
 * EclipseLink binds a null as a timestamp: bound as an untyped null it goes out as {@code VARCHAR},
 * which PostgreSQL refuses for a timestamp column. On reading, EclipseLink turns whatever the
 * driver returns (H2 an {@code OffsetDateTime}, PostgreSQL a {@code Timestamp}) into an {@code
 * OffsetDateTime} first.
 *
 * <p>The host adds it to every plugin's persistence unit (it applies itself to every {@code
 * Instant} attribute); a plugin need not list it nor write its own.
 *
 * @since 1.0.0
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

package dev.atelier.plugins.marketplace;

import dev.atelier.plugin.api.data.Times;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One published version of an item's content. */
@Entity
@Table(name = "market_versions")
public class MarketVersion {

  @Id String id;

  @Column(name = "item_id", nullable = false)
  String itemId;

  @Column(nullable = false)
  String version;

  String notes;

  @Column(nullable = false)
  String content;

  @Column(name = "created_at", nullable = false)
  Instant createdAt;

  protected MarketVersion() {}

  MarketVersion(String itemId, String version, String notes, String content) {
    this.id = UUID.randomUUID().toString();
    this.itemId = itemId;
    this.version = version;
    this.notes = notes;
    this.content = content;
    this.createdAt = Times.now();
  }
}

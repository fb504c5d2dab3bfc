-- The marketplace. The same script runs on H2 (2.x) and PostgreSQL: keep to their common SQL.
-- The catalogue belongs to no single workspace: its rows are the plugin's platform-wide data
-- (tenant_id holds the host's platform marker); the owning workspaces are columns of their own.

-- A published agent or base: the latest version's content inline.
CREATE TABLE market_items (
  id                 VARCHAR(36)   PRIMARY KEY,
  tenant_id          VARCHAR(36)   NOT NULL,
  kind               VARCHAR(8)    NOT NULL,
  slug               VARCHAR(64)   NOT NULL,
  creator_tenant_id  VARCHAR(36)   NOT NULL,
  creator_user_id    VARCHAR(36)   NOT NULL,
  name               VARCHAR(100)  NOT NULL,
  description        VARCHAR(4000),
  category           VARCHAR(40),
  tags               VARCHAR(400)  NOT NULL,
  icon               VARCHAR(500),
  visibility         VARCHAR(16)   NOT NULL,
  price_credits      BIGINT        NOT NULL,
  status             VARCHAR(16)   NOT NULL,
  version            VARCHAR(32)   NOT NULL,
  content            VARCHAR(1000000) NOT NULL,
  rating_sum         BIGINT        NOT NULL DEFAULT 0,
  rating_count       BIGINT        NOT NULL DEFAULT 0,
  rating_average     DOUBLE PRECISION NOT NULL DEFAULT 0,
  installs           BIGINT        NOT NULL DEFAULT 0,
  created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at         TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX ux_market_items_slug ON market_items (tenant_id, kind, slug);
CREATE INDEX ix_market_items_creator ON market_items (tenant_id, creator_tenant_id);

-- Every version of an item's content, newest the item's own.
CREATE TABLE market_versions (
  id          VARCHAR(36)   PRIMARY KEY,
  tenant_id   VARCHAR(36)   NOT NULL,
  item_id     VARCHAR(36)   NOT NULL,
  version     VARCHAR(32)   NOT NULL,
  notes       VARCHAR(2000),
  content     VARCHAR(1000000) NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX ux_market_versions ON market_versions (tenant_id, item_id, version);

-- An item in a workspace's library: acquired once per workspace.
CREATE TABLE market_purchases (
  id               VARCHAR(36)  PRIMARY KEY,
  tenant_id        VARCHAR(36)  NOT NULL,
  item_id          VARCHAR(36)  NOT NULL,
  buyer_tenant_id  VARCHAR(36)  NOT NULL,
  user_id          VARCHAR(36)  NOT NULL,
  price_credits    BIGINT       NOT NULL,
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX ux_market_purchases ON market_purchases (tenant_id, item_id, buyer_tenant_id);

-- One review per user and item.
CREATE TABLE market_reviews (
  id                VARCHAR(36)   PRIMARY KEY,
  tenant_id         VARCHAR(36)   NOT NULL,
  item_id           VARCHAR(36)   NOT NULL,
  user_id           VARCHAR(36)   NOT NULL,
  author_tenant_id  VARCHAR(36)   NOT NULL,
  rating            INTEGER       NOT NULL,
  text              VARCHAR(2000),
  created_at        TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX ux_market_reviews ON market_reviews (tenant_id, item_id, user_id);

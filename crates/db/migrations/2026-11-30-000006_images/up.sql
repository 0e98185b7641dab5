-- Pictures of activities and organizations. Only the re-encoded sizes are
-- kept (no original, so no camera metadata); the SHA-256 is of the upload.
CREATE TABLE images (
    id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    uploaded_by     uuid        REFERENCES users (id) ON DELETE SET NULL,
    alt             text        NOT NULL CHECK (length(btrim(alt)) BETWEEN 1 AND 250),
    source_sha256   bytea       NOT NULL CHECK (length(source_sha256) = 32),
    source_type     text        NOT NULL CHECK (source_type IN ('jpeg', 'png', 'webp')),
    source_width    integer     NOT NULL CHECK (source_width > 0),
    source_height   integer     NOT NULL CHECK (source_height > 0),
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX images_organization_idx ON images (organization_id);

CREATE TABLE image_variants (
    image_id uuid    NOT NULL REFERENCES images (id) ON DELETE CASCADE,
    variant  text    NOT NULL CHECK (variant IN ('card', 'page', 'og')),
    width    integer NOT NULL CHECK (width > 0),
    height   integer NOT NULL CHECK (height > 0),
    bytes    bytea   NOT NULL,
    PRIMARY KEY (image_id, variant)
);

ALTER TABLE activities ADD COLUMN image_id uuid REFERENCES images (id) ON DELETE SET NULL;
ALTER TABLE organizations ADD COLUMN image_id uuid REFERENCES images (id) ON DELETE SET NULL;
CREATE INDEX activities_image_idx ON activities (image_id) WHERE image_id IS NOT NULL;
CREATE INDEX organizations_image_idx ON organizations (image_id) WHERE image_id IS NOT NULL;

-- BUA's equipment pictures belong to the municipality, not to an
-- organization: an image's organization is now optional.
ALTER TABLE images ALTER COLUMN organization_id DROP NOT NULL;
CREATE INDEX bua_models_image_idx ON bua_models (image_id) WHERE image_id IS NOT NULL;

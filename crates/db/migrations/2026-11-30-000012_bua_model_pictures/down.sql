DROP INDEX bua_models_image_idx;
UPDATE bua_models SET image_id = NULL;
DELETE FROM images WHERE organization_id IS NULL;
ALTER TABLE images ALTER COLUMN organization_id SET NOT NULL;

ALTER TABLE organizations DROP COLUMN image_id;
ALTER TABLE activities DROP COLUMN image_id;
DROP TABLE image_variants;
DROP TABLE images;

-- Search that finds what Norwegians type: parts of compound words, word
-- beginnings, small typos, and æ/ø/å typed as a/o/aa/ae/oe. Trigram
-- matching (pg_trgm) over one folded text per activity, inside PostgreSQL:
-- no second index to keep in step.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Folds a text for matching: lower case, accents off, and the Norwegian
-- letters and their two-letter spellings to one letter (ø, oe, ö → o;
-- æ, ae, å, aa, ä → a), so "Sætre", "saetre" and "satre" are one word.
-- Applied the same way to the text and to what is typed (the server folds
-- the query with `fritid_db::search::fold`, which a test compares to this).
CREATE FUNCTION fritid_fold(t text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT replace(replace(replace(
        translate(lower(t),
            'áàâäãåæéèêëíìîïóòôöõøúùûüýÿçñÁÀÂÄÃÅÆÉÈÊËÍÌÎÏÓÒÔÖÕØÚÙÛÜÝŸÇÑ',
            'aaaaaaaeeeeiiiioooooouuuuyycnaaaaaaaeeeeiiiioooooouuuuyycn'),
        'aa', 'a'), 'ae', 'a'), 'oe', 'o')
$$;

-- The folded words of an activity: title, English title, tags, category,
-- organization, place, district and description. Kept by a trigger; the
-- names of the others are looked up when the activity is written and
-- written again when they are renamed.
ALTER TABLE activities ADD COLUMN search_words text NOT NULL DEFAULT '';

CREATE FUNCTION activities_words_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_words := fritid_fold(concat_ws(' ',
        NEW.title, NEW.title_en, array_to_string(NEW.tags, ' '),
        (SELECT c.name_nb || ' ' || c.name_en FROM categories c WHERE c.slug = NEW.category),
        (SELECT o.name FROM organizations o WHERE o.id = NEW.organization_id),
        (SELECT p.name FROM places p WHERE p.id = NEW.place_id),
        (SELECT d.name FROM districts d WHERE d.slug = NEW.district),
        NEW.description));
    RETURN NEW;
END $$;
CREATE TRIGGER activities_words_update
    BEFORE INSERT OR UPDATE OF title, title_en, tags, description, category, organization_id,
        place_id, district, search_words
    ON activities FOR EACH ROW EXECUTE FUNCTION activities_words_update();

-- A renamed organization, place, category or district: its activities' words
-- are written again (setting the column fires the trigger above).
CREATE FUNCTION activities_words_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'organizations' THEN
        UPDATE activities SET search_words = '' WHERE organization_id = NEW.id;
    ELSIF TG_TABLE_NAME = 'places' THEN
        UPDATE activities SET search_words = '' WHERE place_id = NEW.id;
    ELSIF TG_TABLE_NAME = 'categories' THEN
        UPDATE activities SET search_words = '' WHERE category = NEW.slug;
    ELSE
        UPDATE activities SET search_words = '' WHERE district = NEW.slug;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER organizations_words AFTER UPDATE OF name ON organizations
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION activities_words_renamed();
CREATE TRIGGER places_words AFTER UPDATE OF name ON places
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION activities_words_renamed();
CREATE TRIGGER categories_words AFTER UPDATE OF name_nb, name_en ON categories
    FOR EACH ROW WHEN (OLD.name_nb IS DISTINCT FROM NEW.name_nb OR OLD.name_en IS DISTINCT FROM NEW.name_en)
    EXECUTE FUNCTION activities_words_renamed();
CREATE TRIGGER districts_words AFTER UPDATE OF name ON districts
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION activities_words_renamed();

UPDATE activities SET search_words = '';

CREATE INDEX activities_words_idx ON activities USING gin (search_words gin_trgm_ops);

-- The words of the published activities (title, English title, tags,
-- category, district, organization, place, description), each once as
-- folded, with one spelling as written and how often it is used. A typed
-- word's neighbours here are what a typo matches (see
-- `fritid_db::search::resolve_text`), and what did-you-mean suggests.
-- Refreshed by the `search_vocabulary` job (and after seeding).
CREATE MATERIALIZED VIEW search_vocabulary AS
SELECT fritid_fold(word) AS folded, min(word) AS word, count(*)::int AS uses
FROM (
    SELECT lower(w) AS word
    FROM activities a
    JOIN categories c ON c.slug = a.category
    JOIN districts d ON d.slug = a.district
    JOIN organizations o ON o.id = a.organization_id
    JOIN places p ON p.id = a.place_id,
    regexp_split_to_table(concat_ws(' ', a.title, a.title_en, array_to_string(a.tags, ' '),
                                    c.name_nb, d.name, o.name, p.name, a.description),
                          '[^[:alnum:]]+') AS w
    WHERE a.status = 'published' AND length(w) >= 3 AND w !~ '^[0-9]+$'
) words
GROUP BY fritid_fold(word);
CREATE UNIQUE INDEX search_vocabulary_folded_idx ON search_vocabulary (folded);
CREATE INDEX search_vocabulary_trgm_idx ON search_vocabulary USING gin (folded gin_trgm_ops);

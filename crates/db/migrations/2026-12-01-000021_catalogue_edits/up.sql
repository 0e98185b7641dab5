-- An organizer's edit of what a search result shows (a title, a
-- description, the sign-up window, a picture) no longer makes the servers
-- forget every kept answer (`platform::changes`), and a write tells the
-- transaction that made it what it changed, so the server that took the
-- write can count it at once with the same precision.
--
-- An UPDATE of activities now notifies, for the rows it changed:
--
--   - '' (every answer) when a column that a kept answer filters or sorts
--     by changed (any not listed in `shown` below, places and the kept next
--     occurrence aside), or a row was added or removed, or more than 100
--     rows changed;
--   - else the flags and the ids: `f` when one of them now has free places
--     where it had none, or the other way round (as before); `t` when the
--     words searched or the title changed (answers to a free text may find
--     other activities or rank them otherwise); `a` for neither. Only the
--     answers that show one of them have other rows; the others stay.
--     With `t`, after another `:`, the words (split at white space) that
--     are in the old `search_words` and not in the new, or the other way
--     round, separated by spaces: an answer whose terms none of them
--     contains finds the same activities (`platform::changes`). Without
--     them (too long), every answer to a free text is searched again.
--
-- Every catalogue notification also goes through `fritid_catalogue_notify`,
-- which notes it in the transaction-local setting `fritid.catalogue_changes`
-- (payloads joined by ';', '*' for everything): a handler reads it before
-- its commit (`fritid_db::listener::written_in_transaction`).
CREATE FUNCTION fritid_catalogue_notify(payload text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    noted text := coalesce(current_setting('fritid.catalogue_changes', true), '');
BEGIN
    PERFORM pg_notify('fritid_catalogue', payload);
    IF payload = '' OR noted = '*' OR length(noted) > 20000 THEN
        noted := '*';
    ELSIF noted = '' THEN
        noted := payload;
    ELSE
        noted := noted || ';' || payload;
    END IF;
    PERFORM set_config('fritid.catalogue_changes', noted, true);
END $$;

CREATE OR REPLACE FUNCTION fritid_activities_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    availability CONSTANT text[] := ARRAY['confirmed_count', 'waiting_count',
                                          'availability_updated_at', 'changed_at'];
    kept_next CONSTANT text[] := ARRAY['next_from', 'next_starts_at', 'next_ends_at',
                                       'next_on', 'start_minute'];
    -- Shown in (or behind) a search result, or searched as words, but
    -- never a kept answer's filter or order. A column missing here counts
    -- as a filter: a new one is safe until it is added.
    shown CONSTANT text[] := ARRAY['title', 'title_en', 'description', 'description_en', 'tags',
                                   'contact_name', 'contact_email', 'contact_phone',
                                   'membership_fee_nok', 'session_fee_nok', 'equipment_cost_nok',
                                   'other_cost_nok', 'newcomer_contact', 'languages',
                                   'equipment_needed', 'equipment_lent', 'status_reason',
                                   'published_at', 'signup_opens_at', 'signup_closes_at',
                                   'is_demo', 'created_by', 'created_at', 'updated_at',
                                   'image_id', 'revision', 'place_id', 'search', 'search_words'];
    ids text[];
    any_flipped boolean;
    any_text boolean;
    changed_words text;
    flags text;
    payload text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM old_rows WHERE status = 'published')
       AND NOT EXISTS (SELECT 1 FROM new_rows WHERE status = 'published') THEN
        RETURN NULL;
    END IF;
    -- Stops at the first row whose filtered columns changed.
    IF EXISTS (SELECT 1 FROM old_rows o FULL JOIN new_rows n ON n.id = o.id
               WHERE o.id IS NULL OR n.id IS NULL
                  OR to_jsonb(o) - availability - kept_next - shown
                     IS DISTINCT FROM to_jsonb(n) - availability - kept_next - shown) THEN
        PERFORM fritid_catalogue_notify('');
        RETURN NULL;
    END IF;
    SELECT array_agg(id), bool_or(flipped), bool_or(words), string_agg(tokens, ' ')
      INTO ids, any_flipped, any_text, changed_words FROM (
        SELECT n.id::text AS id,
               -- Whether it now has free places or not, where it had not
               -- or had (the search's `has_free_places` filter).
               (NOT o.signup_required OR o.confirmed_count < o.capacity)
                   IS DISTINCT FROM (NOT n.signup_required OR n.confirmed_count < n.capacity)
               OR (o.signup_required AND o.confirmed_count >= o.capacity)
                   IS DISTINCT FROM (n.signup_required AND n.confirmed_count >= n.capacity)
                   AS flipped,
               o.title IS DISTINCT FROM n.title
               OR o.search IS DISTINCT FROM n.search
               OR o.search_words IS DISTINCT FROM n.search_words AS words,
               -- The words (split at white space) in one of the texts and
               -- not in the other: a term matches `search_words` before
               -- and after alike unless one of them contains it.
               (SELECT string_agg(w, ' ') FROM (
                   (SELECT regexp_split_to_table(n.search_words, '\s+')
                    EXCEPT SELECT regexp_split_to_table(o.search_words, '\s+'))
                   UNION
                   (SELECT regexp_split_to_table(o.search_words, '\s+')
                    EXCEPT SELECT regexp_split_to_table(n.search_words, '\s+'))) d(w)
                 WHERE w <> '' AND o.search_words IS DISTINCT FROM n.search_words) AS tokens
          FROM old_rows o JOIN new_rows n ON n.id = o.id
         WHERE to_jsonb(o) - kept_next IS DISTINCT FROM to_jsonb(n) - kept_next
         LIMIT 101) s;
    IF cardinality(ids) > 100 THEN
        PERFORM fritid_catalogue_notify('');
    ELSIF cardinality(ids) > 0 THEN
        flags := CASE WHEN any_flipped THEN 'f' ELSE '' END || CASE WHEN any_text THEN 't' ELSE '' END;
        payload := CASE WHEN flags = '' THEN 'a' ELSE flags END || ':' || array_to_string(ids, ',');
        -- The changed words when they fit (a notification carries at most
        -- 8,000 bytes; `;` separates the notes of a transaction); without
        -- them every answer to a free text is searched again.
        IF any_text AND octet_length(coalesce(changed_words, '')) <= 4000
           AND position(';' IN coalesce(changed_words, '')) = 0 THEN
            payload := payload || ':' || coalesce(changed_words, '');
        END IF;
        PERFORM fritid_catalogue_notify(payload);
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION fritid_activities_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM written_rows WHERE status = 'published') THEN
        PERFORM fritid_catalogue_notify('');
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION fritid_occurrences_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM activities a
                WHERE a.status = 'published'
                  AND a.id IN (SELECT activity_id FROM written_rows)) THEN
        PERFORM fritid_catalogue_notify('');
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION fritid_occurrences_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM activities a
                WHERE a.status = 'published'
                  AND a.id IN (SELECT activity_id FROM written_rows
                               UNION ALL SELECT activity_id FROM old_written)) THEN
        PERFORM fritid_catalogue_notify('');
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION fritid_used_by_published() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    used boolean;
BEGIN
    -- One query per kind, so that each uses its index on activities.
    IF TG_ARGV[0] = 'organization' THEN
        used := EXISTS (SELECT 1 FROM activities a WHERE a.status = 'published'
                           AND a.organization_id IN (SELECT id FROM written_rows));
    ELSIF TG_ARGV[0] = 'place' THEN
        used := EXISTS (SELECT 1 FROM activities a WHERE a.status = 'published'
                           AND a.place_id IN (SELECT id FROM written_rows));
    ELSE
        used := EXISTS (SELECT 1 FROM activities a WHERE a.status = 'published'
                           AND a.image_id IN (SELECT id FROM written_rows));
    END IF;
    IF used THEN
        PERFORM fritid_catalogue_notify('');
    END IF;
    RETURN NULL;
END $$;

-- Categories and districts (migration 000016).
CREATE OR REPLACE FUNCTION fritid_catalogue_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM fritid_catalogue_notify('');
    RETURN NULL;
END $$;

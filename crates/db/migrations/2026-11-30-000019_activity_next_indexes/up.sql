-- The covering indexes of migration 000017 again, with step-free access
-- (dropped by the previous migration), made after the transaction that
-- rewrote the rows: an index made in that one would keep an entry for
-- every old version of a row.
DO $$
DECLARE
    kept text := 'next_from, next_ends_at, next_on, start_minute, changed_at, age_min, age_max, '
        'is_free, total_cost_nok, drop_in, no_membership_needed, free_trial, '
        'adapted_for_disabilities, companion_card_accepted, step_free_access, organization_id, '
        'signup_required, confirmed_count, capacity';
BEGIN
    EXECUTE format('CREATE INDEX activities_next_idx ON activities (next_starts_at, id)
        INCLUDE (%s, category, district) WHERE status = ''published''', kept);
    FOR d IN 1..7 LOOP
        EXECUTE format('CREATE INDEX activities_next_on_%1$s_idx ON activities ((next_on[%1$s]), id)
            INCLUDE (%2$s, category, district)
            WHERE status = ''published'' AND next_on[%1$s] IS NOT NULL', d, kept);
    END LOOP;
    EXECUTE format('CREATE INDEX activities_next_by_district_idx ON activities (district, next_starts_at, id)
        INCLUDE (%s, category) WHERE status = ''published''', kept);
    EXECUTE format('CREATE INDEX activities_next_by_category_idx ON activities (category, next_starts_at, id)
        INCLUDE (%s, district) WHERE status = ''published''', kept);
END $$;

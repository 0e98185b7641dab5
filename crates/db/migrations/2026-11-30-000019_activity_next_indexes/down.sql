DO $$
BEGIN
    FOR d IN 1..7 LOOP
        EXECUTE format('DROP INDEX activities_next_on_%s_idx', d);
    END LOOP;
END $$;
DROP INDEX activities_next_idx;
DROP INDEX activities_next_by_district_idx;
DROP INDEX activities_next_by_category_idx;

DROP INDEX bua_loans_overdue_idx;
DROP INDEX bua_loans_model_period_idx;
CREATE INDEX bua_loans_period_idx ON bua_loans USING gist (period)
    WHERE status IN ('offered', 'reserved', 'picked_up');
DROP TRIGGER bua_units_keep_stock ON bua_units;
DROP FUNCTION bua_units_keep_stock();
DROP TRIGGER bua_loans_keep_booked ON bua_loans;
DROP FUNCTION bua_loans_keep_booked();
DROP FUNCTION bua_book_days(uuid, uuid, text, date, date, integer);
DROP TABLE bua_booked_days;
DROP TABLE bua_stock;

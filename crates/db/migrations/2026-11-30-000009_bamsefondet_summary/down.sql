DROP INDEX fund_applications_submitted_idx;
DROP TRIGGER fund_applications_update_summary ON fund_applications;
DROP FUNCTION fund_applications_update_summary();
DROP FUNCTION fund_summary_add(fund_applications, integer);
DROP TABLE fund_decision_days;
DROP TABLE fund_summary;

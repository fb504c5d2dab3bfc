-- The month (yyyy-mm) whose free-plan grant a credit account has settled: granted once a month.
ALTER TABLE credit_accounts ADD COLUMN free_grant_month VARCHAR(7);

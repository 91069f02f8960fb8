-- Minimum age. A person's date of birth is recorded by staff when they
-- verify the residence against an ID card or a census list; it is never
-- self-declared, because it decides who may take part. A process may ask
-- for a minimum age of those who propose and vote (0: none).
ALTER TABLE users ADD COLUMN birth_date TEXT; -- Gregorian YYYY-MM-DD, NULL when unknown
ALTER TABLE budget_processes ADD COLUMN min_age INTEGER NOT NULL DEFAULT 0 CHECK (min_age BETWEEN 0 AND 120);

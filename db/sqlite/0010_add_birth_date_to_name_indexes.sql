-- Callers give a name with a birth year (佐藤です、昭和45年生まれ) and a town has hundreds of サトウ: the name
-- look-ups with a birth period read the birth date from the name index itself, so that narrowing 768 サトウ to
-- those born in 1970 reads index entries only, never the rows. The same indexes as
-- db/sqlserver/0010_add_birth_date_to_name_indexes.sql.
DROP INDEX IX_Residents_FamilyKanaKey;
CREATE INDEX IX_Residents_FamilyKanaKey ON Residents (FamilyKanaKey, GivenKanaKey, BirthDate);
DROP INDEX IX_Residents_GivenKanaKey;
CREATE INDEX IX_Residents_GivenKanaKey ON Residents (GivenKanaKey, BirthDate);
DROP INDEX IX_Residents_FamilyNameKey;
CREATE INDEX IX_Residents_FamilyNameKey ON Residents (FamilyNameKey, GivenNameKey, BirthDate);
DROP INDEX IX_Residents_GivenNameKey;
CREATE INDEX IX_Residents_GivenNameKey ON Residents (GivenNameKey, BirthDate);
DROP INDEX IX_Residents_FamilyNameKey_GivenKanaKey;
CREATE INDEX IX_Residents_FamilyNameKey_GivenKanaKey ON Residents (FamilyNameKey, GivenKanaKey, BirthDate);

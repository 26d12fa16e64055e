-- Callers give a name with a birth year (佐藤です、昭和45年生まれ) and a town has hundreds of サトウ: the name
-- look-ups with a birth period read the birth date from the name index itself, so that narrowing 768 サトウ to
-- those born in 1970 reads index entries only, never the rows. The same indexes as
-- db/sqlite/0010_add_birth_date_to_name_indexes.sql.
DROP INDEX IX_Residents_FamilyKanaKey ON dbo.Residents;
CREATE INDEX IX_Residents_FamilyKanaKey ON dbo.Residents (FamilyKanaKey, GivenKanaKey, BirthDate);
DROP INDEX IX_Residents_GivenKanaKey ON dbo.Residents;
CREATE INDEX IX_Residents_GivenKanaKey ON dbo.Residents (GivenKanaKey, BirthDate);
DROP INDEX IX_Residents_FamilyNameKey ON dbo.Residents;
CREATE INDEX IX_Residents_FamilyNameKey ON dbo.Residents (FamilyNameKey, GivenNameKey, BirthDate);
DROP INDEX IX_Residents_GivenNameKey ON dbo.Residents;
CREATE INDEX IX_Residents_GivenNameKey ON dbo.Residents (GivenNameKey, BirthDate);
DROP INDEX IX_Residents_FamilyNameKey_GivenKanaKey ON dbo.Residents;
CREATE INDEX IX_Residents_FamilyNameKey_GivenKanaKey ON dbo.Residents (FamilyNameKey, GivenKanaKey, BirthDate);

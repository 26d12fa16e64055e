-- The in-process search index (CallCenter.Data/Residents/SearchIndex.cs) applies only the residents changed since its
-- last refresh. Each change to a column the search reads (numbers, names, readings, their keys, birth date, household,
-- merge) bumps RegisterVersion and stamps the row with the new version; a household's new number stamps its members.
-- Inserts need no stamp: they are seen from MAX(ResidentId), as in RegisterStamp, so a register import of a million new
-- rows pays no row trigger. The same column, index and triggers as db/sqlserver/0013_add_search_stamp.sql.
ALTER TABLE Residents ADD SearchStamp INTEGER NULL;

CREATE INDEX IX_Residents_SearchStamp ON Residents (SearchStamp);

CREATE TRIGGER TR_Residents_SearchStamp AFTER UPDATE OF ResidentNo, HouseholdId, FamilyName, GivenName, FamilyNameKana,
    GivenNameKana, BirthDate, FamilyNameKey, GivenNameKey, NameKey, FamilyKanaKey, GivenKanaKey, KanaKey,
    MergedIntoResidentId ON Residents
BEGIN
    UPDATE RegisterVersion SET Version = Version + 1 WHERE RegisterVersionId = 1;
    UPDATE Residents SET SearchStamp = (SELECT Version FROM RegisterVersion WHERE RegisterVersionId = 1)
     WHERE ResidentId = NEW.ResidentId;
END;

CREATE TRIGGER TR_Households_SearchStamp AFTER UPDATE OF HouseholdNo ON Households
BEGIN
    UPDATE RegisterVersion SET Version = Version + 1 WHERE RegisterVersionId = 1;
    UPDATE Residents SET SearchStamp = (SELECT Version FROM RegisterVersion WHERE RegisterVersionId = 1)
     WHERE HouseholdId = NEW.HouseholdId;
END;

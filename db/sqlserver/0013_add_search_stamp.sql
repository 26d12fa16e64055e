-- The in-process search index (CallCenter.Data/Residents/SearchIndex.cs) applies only the residents changed since its
-- last refresh. Each change to a column the search reads (numbers, names, readings, their keys, birth date, household,
-- merge) bumps RegisterVersion and stamps the rows with the new version; a household's new number stamps its members.
-- Inserts need no stamp: they are seen from MAX(ResidentId), as in RegisterStamp. The same column, index and triggers
-- as db/sqlite/0013_add_search_stamp.sql. The stamping UPDATE names no column these triggers watch, so it does not
-- fire them again (and RECURSIVE_TRIGGERS is off).
ALTER TABLE dbo.Residents ADD SearchStamp BIGINT NULL;
GO

CREATE INDEX IX_Residents_SearchStamp ON dbo.Residents (SearchStamp);
GO

CREATE TRIGGER dbo.TR_Residents_SearchStamp ON dbo.Residents AFTER UPDATE
AS
BEGIN
    SET NOCOUNT ON;
    IF NOT EXISTS (SELECT 1 FROM inserted)
        RETURN;
    IF UPDATE(ResidentNo) OR UPDATE(HouseholdId) OR UPDATE(FamilyName) OR UPDATE(GivenName) OR UPDATE(FamilyNameKana)
       OR UPDATE(GivenNameKana) OR UPDATE(BirthDate) OR UPDATE(FamilyNameKey) OR UPDATE(GivenNameKey) OR UPDATE(NameKey)
       OR UPDATE(FamilyKanaKey) OR UPDATE(GivenKanaKey) OR UPDATE(KanaKey) OR UPDATE(MergedIntoResidentId)
    BEGIN
        UPDATE dbo.RegisterVersion SET Version = Version + 1 WHERE RegisterVersionId = 1;
        UPDATE r
           SET SearchStamp = (SELECT Version FROM dbo.RegisterVersion WHERE RegisterVersionId = 1)
          FROM dbo.Residents r
          JOIN inserted i ON i.ResidentId = r.ResidentId;
    END
END
GO

CREATE TRIGGER dbo.TR_Households_SearchStamp ON dbo.Households AFTER UPDATE
AS
BEGIN
    SET NOCOUNT ON;
    IF NOT EXISTS (SELECT 1 FROM inserted) OR NOT UPDATE(HouseholdNo)
        RETURN;
    UPDATE dbo.RegisterVersion SET Version = Version + 1 WHERE RegisterVersionId = 1;
    UPDATE r
       SET SearchStamp = (SELECT Version FROM dbo.RegisterVersion WHERE RegisterVersionId = 1)
      FROM dbo.Residents r
      JOIN inserted i ON i.HouseholdId = r.HouseholdId;
END
GO

-- Append-only in the database, not by convention; and a register version that tells an import whether the register
-- changed while its file was checked. The same tables and triggers as db/sqlite/0008_add_append_only_guards.sql.

-- Safety reports and the audit trail are only ever inserted. No code updates or deletes them: a provisional person's
-- merge keeps its reports on the provisional person (which points at the resident), and approval decisions live in
-- ReportApprovals. So every UPDATE and DELETE is refused (THROW inside a trigger rolls the transaction back).
-- TRUNCATE TABLE and DISABLE TRIGGER bypass triggers: they need ALTER permission, which the application's login
-- must not have (docs/security.md, section 9).
CREATE TRIGGER dbo.TR_SafetyReports_AppendOnly ON dbo.SafetyReports INSTEAD OF UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    THROW 51001, N'SafetyReports is append-only: a safety report cannot be changed or deleted', 1;
END
GO

CREATE TRIGGER dbo.TR_AuditLog_AppendOnly ON dbo.AuditLog INSTEAD OF UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    THROW 51002, N'AuditLog is append-only: an audit row cannot be changed or deleted', 1;
END
GO

-- A supervisor's decision on a report is made once: a pending row may be decided, a decided one never changes, and
-- no row is deleted.
CREATE TRIGGER dbo.TR_ReportApprovals_Decided ON dbo.ReportApprovals AFTER UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    IF NOT EXISTS (SELECT 1 FROM inserted) AND EXISTS (SELECT 1 FROM deleted)
        THROW 51003, N'ReportApprovals: an approval cannot be deleted', 1;
    IF EXISTS (SELECT 1 FROM deleted WHERE State <> 0)
        THROW 51004, N'ReportApprovals: a decided approval cannot be changed', 1;
END
GO

-- One row counting changes to what register imports and status-list matching compare (numbers, names, readings,
-- birth dates, sex, households, addresses, merges). Inserts are seen from MAX(ResidentId) and MAX(HouseholdId)
-- instead. Status updates from calls do not count: they change nothing a match depends on.
CREATE TABLE dbo.RegisterVersion (
    RegisterVersionId   INT    NOT NULL CONSTRAINT PK_RegisterVersion PRIMARY KEY
                               CONSTRAINT CK_RegisterVersion_One CHECK (RegisterVersionId = 1),
    Version             BIGINT NOT NULL
);
GO

INSERT INTO dbo.RegisterVersion (RegisterVersionId, Version) VALUES (1, 0);
GO

CREATE TRIGGER dbo.TR_Residents_RegisterVersion ON dbo.Residents AFTER UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    IF NOT EXISTS (SELECT 1 FROM deleted)
        RETURN;
    IF NOT EXISTS (SELECT 1 FROM inserted)
       OR UPDATE(ResidentNo) OR UPDATE(HouseholdId) OR UPDATE(Relationship) OR UPDATE(FamilyName) OR UPDATE(GivenName)
       OR UPDATE(FamilyNameKana) OR UPDATE(GivenNameKana) OR UPDATE(BirthDate) OR UPDATE(Sex) OR UPDATE(District)
       OR UPDATE(Address) OR UPDATE(Phone) OR UPDATE(IsVulnerable) OR UPDATE(VulnerableReason) OR UPDATE(IsProvisional)
       OR UPDATE(KanaKey) OR UPDATE(MergedIntoResidentId)
        UPDATE dbo.RegisterVersion SET Version = Version + 1 WHERE RegisterVersionId = 1;
END
GO

CREATE TRIGGER dbo.TR_Households_RegisterVersion ON dbo.Households AFTER UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    IF NOT EXISTS (SELECT 1 FROM deleted)
        RETURN;
    IF NOT EXISTS (SELECT 1 FROM inserted) OR UPDATE(HouseholdNo) OR UPDATE(District) OR UPDATE(Address)
        UPDATE dbo.RegisterVersion SET Version = Version + 1 WHERE RegisterVersionId = 1;
END
GO

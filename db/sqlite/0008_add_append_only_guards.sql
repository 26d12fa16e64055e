-- Append-only in the database, not by convention; and a register version that tells an import whether the register
-- changed while its file was checked. The same tables and triggers as db/sqlserver/0008_add_append_only_guards.sql.

-- Safety reports and the audit trail are only ever inserted. No code updates or deletes them: a provisional person's
-- merge keeps its reports on the provisional person (which points at the resident), and approval decisions live in
-- ReportApprovals. So every UPDATE and DELETE is refused, whatever the connection.
CREATE TRIGGER TR_SafetyReports_NoUpdate BEFORE UPDATE ON SafetyReports
BEGIN
    SELECT RAISE(ABORT, 'SafetyReports is append-only: a safety report cannot be changed');
END;

CREATE TRIGGER TR_SafetyReports_NoDelete BEFORE DELETE ON SafetyReports
BEGIN
    SELECT RAISE(ABORT, 'SafetyReports is append-only: a safety report cannot be deleted');
END;

CREATE TRIGGER TR_AuditLog_NoUpdate BEFORE UPDATE ON AuditLog
BEGIN
    SELECT RAISE(ABORT, 'AuditLog is append-only: an audit row cannot be changed');
END;

CREATE TRIGGER TR_AuditLog_NoDelete BEFORE DELETE ON AuditLog
BEGIN
    SELECT RAISE(ABORT, 'AuditLog is append-only: an audit row cannot be deleted');
END;

-- A supervisor's decision on a report is made once: a pending row may be decided, a decided one never changes, and
-- no row is deleted.
CREATE TRIGGER TR_ReportApprovals_Decided BEFORE UPDATE ON ReportApprovals
 WHEN OLD.State <> 0
BEGIN
    SELECT RAISE(ABORT, 'ReportApprovals: a decided approval cannot be changed');
END;

CREATE TRIGGER TR_ReportApprovals_NoDelete BEFORE DELETE ON ReportApprovals
BEGIN
    SELECT RAISE(ABORT, 'ReportApprovals: an approval cannot be deleted');
END;

-- One row counting changes to what register imports and status-list matching compare (numbers, names, readings,
-- birth dates, sex, households, addresses, merges). Inserts are seen from MAX(ResidentId) and MAX(HouseholdId)
-- instead, so a register import of a million rows pays no row trigger on insert. Status updates from calls do not
-- count: they change nothing a match depends on.
CREATE TABLE RegisterVersion (
    RegisterVersionId   INTEGER NOT NULL PRIMARY KEY CHECK (RegisterVersionId = 1),
    Version             INTEGER NOT NULL
);

INSERT INTO RegisterVersion (RegisterVersionId, Version) VALUES (1, 0);

CREATE TRIGGER TR_Residents_RegisterVersion_Update AFTER UPDATE OF ResidentNo, HouseholdId, Relationship, FamilyName,
    GivenName, FamilyNameKana, GivenNameKana, BirthDate, Sex, District, Address, Phone, IsVulnerable, VulnerableReason,
    IsProvisional, KanaKey, MergedIntoResidentId ON Residents
BEGIN
    UPDATE RegisterVersion SET Version = Version + 1 WHERE RegisterVersionId = 1;
END;

CREATE TRIGGER TR_Residents_RegisterVersion_Delete AFTER DELETE ON Residents
BEGIN
    UPDATE RegisterVersion SET Version = Version + 1 WHERE RegisterVersionId = 1;
END;

CREATE TRIGGER TR_Households_RegisterVersion_Update AFTER UPDATE OF HouseholdNo, District, Address ON Households
BEGIN
    UPDATE RegisterVersion SET Version = Version + 1 WHERE RegisterVersionId = 1;
END;

CREATE TRIGGER TR_Households_RegisterVersion_Delete AFTER DELETE ON Households
BEGIN
    UPDATE RegisterVersion SET Version = Version + 1 WHERE RegisterVersionId = 1;
END;

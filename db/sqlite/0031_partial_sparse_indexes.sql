-- Four indexes of Residents hold a column that is empty for nearly every resident: PendingStatus (a report waiting for
-- approval), MergedIntoResidentId (a provisional person merged into the register), ContactPhoneKey (a contact number
-- given on a call) and SearchStamp (changed since the search index's last read). Every query that seeks them compares
-- the column (=, >), which SQLite's planner takes as implying IS NOT NULL, so they become partial indexes of the rows
-- that have a value: a few thousand entries instead of one per resident, nothing to maintain when a register is
-- imported, and nothing to rebuild after it (CallCenter.Data/Imports/ResidentImportService.cs). The query plans are
-- checked in CallCenter.Tests/Data/Database/PartialIndexPlanTests.cs.
-- SQL Server keeps its plain indexes (db/sqlserver/0031_partial_sparse_indexes.sql).
DROP INDEX IX_Residents_PendingStatus;
CREATE INDEX IX_Residents_PendingStatus ON Residents (PendingStatus) WHERE PendingStatus IS NOT NULL;

DROP INDEX IX_Residents_MergedIntoResidentId;
CREATE INDEX IX_Residents_MergedIntoResidentId ON Residents (MergedIntoResidentId) WHERE MergedIntoResidentId IS NOT NULL;

DROP INDEX IX_Residents_ContactPhoneKey;
CREATE INDEX IX_Residents_ContactPhoneKey ON Residents (ContactPhoneKey) WHERE ContactPhoneKey IS NOT NULL;

DROP INDEX IX_Residents_SearchStamp;
CREATE INDEX IX_Residents_SearchStamp ON Residents (SearchStamp) WHERE SearchStamp IS NOT NULL;

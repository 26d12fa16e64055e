-- Dashboard summaries, kept exact in the same transaction as every change to a resident (triggers for updates
-- and deletes, the register import for inserts), so that the supervisors' figures are a read of a few hundred
-- rows at any register size (1,000,000 included).

-- When a resident was first confirmed (any status other than 未確認): the cumulative-confirmation chart.
ALTER TABLE Residents ADD FirstConfirmedAt TEXT NULL;

-- Registered residents (not provisional, not merged) by district, status, vulnerability and whereabouts.
-- NULLs are stored as '' / -1 so that each bucket is one row.
CREATE TABLE ResidentCounts (
    District        TEXT    NOT NULL,
    Status          INTEGER NOT NULL,
    IsVulnerable    INTEGER NOT NULL,
    WhereaboutsType INTEGER NOT NULL,
    PrefectureCode  INTEGER NOT NULL,
    Residents       INTEGER NOT NULL,
    CONSTRAINT PK_ResidentCounts PRIMARY KEY (District, Status, IsVulnerable, WhereaboutsType, PrefectureCode)
);

-- Residents first confirmed on each day (Japan time), by district and vulnerability.
CREATE TABLE DailyConfirmations (
    Day             TEXT    NOT NULL,
    District        TEXT    NOT NULL,
    IsVulnerable    INTEGER NOT NULL,
    Residents       INTEGER NOT NULL,
    CONSTRAINT PK_DailyConfirmations PRIMARY KEY (Day, District, IsVulnerable)
);

CREATE INDEX IX_Residents_PrefectureCode ON Residents (PrefectureCode, Status);
CREATE INDEX IX_Residents_WhereaboutsType ON Residents (WhereaboutsType, Status);
CREATE INDEX IX_SafetyReports_OperatorUserId ON SafetyReports (OperatorUserId, RecordedAt);

-- No INSERT trigger here: on SQLite any row trigger costs ~40 µs per inserted row, which tripled the time of a
-- register import. Inserts of registered residents come only from the register import, which rebuilds
-- ResidentCounts in its own transaction (DashboardSummaries.RebuildAsync). Provisional persons are not counted.
CREATE TRIGGER TR_Residents_Counts_Update AFTER UPDATE OF District, Status, IsVulnerable, WhereaboutsType, PrefectureCode,
    IsProvisional, MergedIntoResidentId, FirstConfirmedAt ON Residents
BEGIN
    UPDATE ResidentCounts SET Residents = Residents - 1
     WHERE OLD.IsProvisional = 0 AND OLD.MergedIntoResidentId IS NULL
       AND District = COALESCE(OLD.District, '') AND Status = OLD.Status AND IsVulnerable = OLD.IsVulnerable
       AND WhereaboutsType = COALESCE(OLD.WhereaboutsType, -1) AND PrefectureCode = COALESCE(OLD.PrefectureCode, -1);
    INSERT INTO ResidentCounts (District, Status, IsVulnerable, WhereaboutsType, PrefectureCode, Residents)
    SELECT COALESCE(NEW.District, ''), NEW.Status, NEW.IsVulnerable, COALESCE(NEW.WhereaboutsType, -1), COALESCE(NEW.PrefectureCode, -1), 1
     WHERE NEW.IsProvisional = 0 AND NEW.MergedIntoResidentId IS NULL
    ON CONFLICT (District, Status, IsVulnerable, WhereaboutsType, PrefectureCode) DO UPDATE SET Residents = Residents + 1;
    UPDATE DailyConfirmations SET Residents = Residents - 1
     WHERE OLD.FirstConfirmedAt IS NOT NULL AND OLD.IsProvisional = 0 AND OLD.MergedIntoResidentId IS NULL
       AND Day = date(OLD.FirstConfirmedAt, '+9 hours') AND District = COALESCE(OLD.District, '') AND IsVulnerable = OLD.IsVulnerable;
    INSERT INTO DailyConfirmations (Day, District, IsVulnerable, Residents)
    SELECT date(NEW.FirstConfirmedAt, '+9 hours'), COALESCE(NEW.District, ''), NEW.IsVulnerable, 1
     WHERE NEW.FirstConfirmedAt IS NOT NULL AND NEW.IsProvisional = 0 AND NEW.MergedIntoResidentId IS NULL
    ON CONFLICT (Day, District, IsVulnerable) DO UPDATE SET Residents = Residents + 1;
END;

CREATE TRIGGER TR_Residents_Counts_Delete AFTER DELETE ON Residents
BEGIN
    UPDATE ResidentCounts SET Residents = Residents - 1
     WHERE OLD.IsProvisional = 0 AND OLD.MergedIntoResidentId IS NULL
       AND District = COALESCE(OLD.District, '') AND Status = OLD.Status AND IsVulnerable = OLD.IsVulnerable
       AND WhereaboutsType = COALESCE(OLD.WhereaboutsType, -1) AND PrefectureCode = COALESCE(OLD.PrefectureCode, -1);
    UPDATE DailyConfirmations SET Residents = Residents - 1
     WHERE OLD.FirstConfirmedAt IS NOT NULL AND OLD.IsProvisional = 0 AND OLD.MergedIntoResidentId IS NULL
       AND Day = date(OLD.FirstConfirmedAt, '+9 hours') AND District = COALESCE(OLD.District, '') AND IsVulnerable = OLD.IsVulnerable;
END;

-- Existing data (a database created before this script): first confirmation from the reports, then the counts.
UPDATE Residents
   SET FirstConfirmedAt = (SELECT MIN(sr.ReportedAt) FROM SafetyReports sr WHERE sr.ResidentId = Residents.ResidentId AND sr.Status <> 0)
 WHERE Status <> 0;

DELETE FROM ResidentCounts;
INSERT INTO ResidentCounts (District, Status, IsVulnerable, WhereaboutsType, PrefectureCode, Residents)
SELECT COALESCE(District, ''), Status, IsVulnerable, COALESCE(WhereaboutsType, -1), COALESCE(PrefectureCode, -1), COUNT(*)
  FROM Residents
 WHERE IsProvisional = 0 AND MergedIntoResidentId IS NULL
 GROUP BY COALESCE(District, ''), Status, IsVulnerable, COALESCE(WhereaboutsType, -1), COALESCE(PrefectureCode, -1);

DELETE FROM DailyConfirmations;
INSERT INTO DailyConfirmations (Day, District, IsVulnerable, Residents)
SELECT date(FirstConfirmedAt, '+9 hours'), COALESCE(District, ''), IsVulnerable, COUNT(*)
  FROM Residents
 WHERE FirstConfirmedAt IS NOT NULL AND IsProvisional = 0 AND MergedIntoResidentId IS NULL
 GROUP BY date(FirstConfirmedAt, '+9 hours'), COALESCE(District, ''), IsVulnerable;

-- Dashboard summaries, kept exact by a trigger in the same transaction as every change to a resident, so that
-- the supervisors' figures are a read of a few hundred rows at any register size (1,000,000 included).

-- When a resident was first confirmed (any status other than 未確認): the cumulative-confirmation chart.
ALTER TABLE dbo.Residents ADD FirstConfirmedAt DATETIME2(3) NULL;
GO

-- Registered residents (not provisional, not merged) by district, status, vulnerability and whereabouts.
-- NULLs are stored as N'' / -1 so that each bucket is one row.
CREATE TABLE dbo.ResidentCounts (
    District        NVARCHAR(50) COLLATE Latin1_General_100_BIN2 NOT NULL,
    Status          INT          NOT NULL,
    IsVulnerable    INT          NOT NULL,
    WhereaboutsType INT          NOT NULL,
    PrefectureCode  INT          NOT NULL,
    Residents       INT          NOT NULL,
    CONSTRAINT PK_ResidentCounts PRIMARY KEY (District, Status, IsVulnerable, WhereaboutsType, PrefectureCode)
);

-- Residents first confirmed on each day (Japan time), by district and vulnerability.
CREATE TABLE dbo.DailyConfirmations (
    Day             DATE         NOT NULL,
    District        NVARCHAR(50) COLLATE Latin1_General_100_BIN2 NOT NULL,
    IsVulnerable    INT          NOT NULL,
    Residents       INT          NOT NULL,
    CONSTRAINT PK_DailyConfirmations PRIMARY KEY (Day, District, IsVulnerable)
);

CREATE INDEX IX_Residents_PrefectureCode ON dbo.Residents (PrefectureCode, Status);
CREATE INDEX IX_Residents_WhereaboutsType ON dbo.Residents (WhereaboutsType, Status);
CREATE INDEX IX_SafetyReports_OperatorUserId ON dbo.SafetyReports (OperatorUserId, RecordedAt);
GO

CREATE TRIGGER dbo.TR_Residents_Counts ON dbo.Residents AFTER INSERT, UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;

    MERGE dbo.ResidentCounts WITH (HOLDLOCK) AS t
    USING (
        SELECT d.District, d.Status, d.IsVulnerable, d.WhereaboutsType, d.PrefectureCode, SUM(d.N) AS N
          FROM (SELECT COALESCE(o.District, N'') AS District, CAST(o.Status AS INT) AS Status,
                       CAST(o.IsVulnerable AS INT) AS IsVulnerable, COALESCE(CAST(o.WhereaboutsType AS INT), -1) AS WhereaboutsType,
                       COALESCE(CAST(o.PrefectureCode AS INT), -1) AS PrefectureCode, -1 AS N
                  FROM deleted o
                 WHERE o.IsProvisional = 0 AND o.MergedIntoResidentId IS NULL
                UNION ALL
                SELECT COALESCE(n.District, N''), CAST(n.Status AS INT), CAST(n.IsVulnerable AS INT),
                       COALESCE(CAST(n.WhereaboutsType AS INT), -1), COALESCE(CAST(n.PrefectureCode AS INT), -1), 1
                  FROM inserted n
                 WHERE n.IsProvisional = 0 AND n.MergedIntoResidentId IS NULL) AS d
         GROUP BY d.District, d.Status, d.IsVulnerable, d.WhereaboutsType, d.PrefectureCode
        HAVING SUM(d.N) <> 0) AS s
       ON t.District = s.District AND t.Status = s.Status AND t.IsVulnerable = s.IsVulnerable
      AND t.WhereaboutsType = s.WhereaboutsType AND t.PrefectureCode = s.PrefectureCode
     WHEN MATCHED THEN UPDATE SET Residents = t.Residents + s.N
     WHEN NOT MATCHED THEN INSERT (District, Status, IsVulnerable, WhereaboutsType, PrefectureCode, Residents)
                           VALUES (s.District, s.Status, s.IsVulnerable, s.WhereaboutsType, s.PrefectureCode, s.N);

    MERGE dbo.DailyConfirmations WITH (HOLDLOCK) AS t
    USING (
        SELECT d.Day, d.District, d.IsVulnerable, SUM(d.N) AS N
          FROM (SELECT CAST(DATEADD(HOUR, 9, o.FirstConfirmedAt) AS DATE) AS Day, COALESCE(o.District, N'') AS District,
                       CAST(o.IsVulnerable AS INT) AS IsVulnerable, -1 AS N
                  FROM deleted o
                 WHERE o.FirstConfirmedAt IS NOT NULL AND o.IsProvisional = 0 AND o.MergedIntoResidentId IS NULL
                UNION ALL
                SELECT CAST(DATEADD(HOUR, 9, n.FirstConfirmedAt) AS DATE), COALESCE(n.District, N''), CAST(n.IsVulnerable AS INT), 1
                  FROM inserted n
                 WHERE n.FirstConfirmedAt IS NOT NULL AND n.IsProvisional = 0 AND n.MergedIntoResidentId IS NULL) AS d
         GROUP BY d.Day, d.District, d.IsVulnerable
        HAVING SUM(d.N) <> 0) AS s
       ON t.Day = s.Day AND t.District = s.District AND t.IsVulnerable = s.IsVulnerable
     WHEN MATCHED THEN UPDATE SET Residents = t.Residents + s.N
     WHEN NOT MATCHED THEN INSERT (Day, District, IsVulnerable, Residents) VALUES (s.Day, s.District, s.IsVulnerable, s.N);
END
GO

-- Existing data (a database created before this script): first confirmation from the reports, then the counts.
UPDATE dbo.Residents
   SET FirstConfirmedAt = (SELECT MIN(sr.ReportedAt) FROM dbo.SafetyReports sr WHERE sr.ResidentId = dbo.Residents.ResidentId AND sr.Status <> 0)
 WHERE Status <> 0;

DELETE FROM dbo.ResidentCounts;
INSERT INTO dbo.ResidentCounts (District, Status, IsVulnerable, WhereaboutsType, PrefectureCode, Residents)
SELECT COALESCE(District, N''), Status, CAST(IsVulnerable AS INT), COALESCE(CAST(WhereaboutsType AS INT), -1), COALESCE(CAST(PrefectureCode AS INT), -1), COUNT(*)
  FROM dbo.Residents
 WHERE IsProvisional = 0 AND MergedIntoResidentId IS NULL
 GROUP BY COALESCE(District, N''), Status, CAST(IsVulnerable AS INT), COALESCE(CAST(WhereaboutsType AS INT), -1), COALESCE(CAST(PrefectureCode AS INT), -1);

DELETE FROM dbo.DailyConfirmations;
INSERT INTO dbo.DailyConfirmations (Day, District, IsVulnerable, Residents)
SELECT CAST(DATEADD(HOUR, 9, FirstConfirmedAt) AS DATE), COALESCE(District, N''), CAST(IsVulnerable AS INT), COUNT(*)
  FROM dbo.Residents
 WHERE FirstConfirmedAt IS NOT NULL AND IsProvisional = 0 AND MergedIntoResidentId IS NULL
 GROUP BY CAST(DATEADD(HOUR, 9, FirstConfirmedAt) AS DATE), COALESCE(District, N''), CAST(IsVulnerable AS INT);

-- Roll-ups of the dashboard's resident summaries, so that every figure reads about as many rows as it shows, at any
-- register size. The same tables as db/sqlite/0014_dashboard_rollups.sql, kept exact by a trigger beside
-- TR_Residents_Counts (same conditions, same transaction) and rebuilt with ResidentCounts by the register import.

-- Registered residents of the whole town by status, vulnerability and whereabouts (ResidentCounts without District).
CREATE TABLE dbo.RegisterCounts (
    Status          INT          NOT NULL,
    IsVulnerable    INT          NOT NULL,
    WhereaboutsType INT          NOT NULL,
    PrefectureCode  INT          NOT NULL,
    Residents       INT          NOT NULL,
    CONSTRAINT PK_RegisterCounts PRIMARY KEY (Status, IsVulnerable, WhereaboutsType, PrefectureCode)
);

-- Registered residents by district, status and vulnerability (ResidentCounts without whereabouts).
CREATE TABLE dbo.DistrictStatusCounts (
    District        NVARCHAR(50) COLLATE Latin1_General_100_BIN2 NOT NULL,
    Status          INT          NOT NULL,
    IsVulnerable    INT          NOT NULL,
    Residents       INT          NOT NULL,
    CONSTRAINT PK_DistrictStatusCounts PRIMARY KEY (District, Status, IsVulnerable)
);

-- Residents of the whole town first confirmed on each day (Japan time), by vulnerability (DailyConfirmations without District).
CREATE TABLE dbo.RegisterDailyConfirmations (
    Day             DATE         NOT NULL,
    IsVulnerable    INT          NOT NULL,
    Residents       INT          NOT NULL,
    CONSTRAINT PK_RegisterDailyConfirmations PRIMARY KEY (Day, IsVulnerable)
);

-- One district's confirmation chart: a range of this index instead of every day of every district.
CREATE INDEX IX_DailyConfirmations_District ON dbo.DailyConfirmations (District, Day) INCLUDE (IsVulnerable, Residents);
GO

CREATE TRIGGER dbo.TR_Residents_Rollups ON dbo.Residents AFTER INSERT, UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;

    -- Each changed row once as it was (-1) and once as it is (+1), registered residents only, as in TR_Residents_Counts.
    DECLARE @d TABLE (
        District NVARCHAR(50) COLLATE Latin1_General_100_BIN2 NOT NULL, Status INT NOT NULL, IsVulnerable INT NOT NULL,
        WhereaboutsType INT NOT NULL, PrefectureCode INT NOT NULL, Day DATE NULL, N INT NOT NULL);
    INSERT INTO @d (District, Status, IsVulnerable, WhereaboutsType, PrefectureCode, Day, N)
    SELECT COALESCE(o.District, N''), CAST(o.Status AS INT), CAST(o.IsVulnerable AS INT), COALESCE(CAST(o.WhereaboutsType AS INT), -1),
           COALESCE(CAST(o.PrefectureCode AS INT), -1), CAST(DATEADD(HOUR, 9, o.FirstConfirmedAt) AS DATE), -1
      FROM deleted o
     WHERE o.IsProvisional = 0 AND o.MergedIntoResidentId IS NULL
    UNION ALL
    SELECT COALESCE(n.District, N''), CAST(n.Status AS INT), CAST(n.IsVulnerable AS INT), COALESCE(CAST(n.WhereaboutsType AS INT), -1),
           COALESCE(CAST(n.PrefectureCode AS INT), -1), CAST(DATEADD(HOUR, 9, n.FirstConfirmedAt) AS DATE), 1
      FROM inserted n
     WHERE n.IsProvisional = 0 AND n.MergedIntoResidentId IS NULL;

    MERGE dbo.RegisterCounts WITH (HOLDLOCK) AS t
    USING (
        SELECT d.Status, d.IsVulnerable, d.WhereaboutsType, d.PrefectureCode, SUM(d.N) AS N
          FROM @d d
         GROUP BY d.Status, d.IsVulnerable, d.WhereaboutsType, d.PrefectureCode
        HAVING SUM(d.N) <> 0) AS s
       ON t.Status = s.Status AND t.IsVulnerable = s.IsVulnerable AND t.WhereaboutsType = s.WhereaboutsType
      AND t.PrefectureCode = s.PrefectureCode
     WHEN MATCHED THEN UPDATE SET Residents = t.Residents + s.N
     WHEN NOT MATCHED THEN INSERT (Status, IsVulnerable, WhereaboutsType, PrefectureCode, Residents)
                           VALUES (s.Status, s.IsVulnerable, s.WhereaboutsType, s.PrefectureCode, s.N);

    MERGE dbo.DistrictStatusCounts WITH (HOLDLOCK) AS t
    USING (
        SELECT d.District, d.Status, d.IsVulnerable, SUM(d.N) AS N
          FROM @d d
         GROUP BY d.District, d.Status, d.IsVulnerable
        HAVING SUM(d.N) <> 0) AS s
       ON t.District = s.District AND t.Status = s.Status AND t.IsVulnerable = s.IsVulnerable
     WHEN MATCHED THEN UPDATE SET Residents = t.Residents + s.N
     WHEN NOT MATCHED THEN INSERT (District, Status, IsVulnerable, Residents) VALUES (s.District, s.Status, s.IsVulnerable, s.N);

    MERGE dbo.RegisterDailyConfirmations WITH (HOLDLOCK) AS t
    USING (
        SELECT d.Day, d.IsVulnerable, SUM(d.N) AS N
          FROM @d d
         WHERE d.Day IS NOT NULL
         GROUP BY d.Day, d.IsVulnerable
        HAVING SUM(d.N) <> 0) AS s
       ON t.Day = s.Day AND t.IsVulnerable = s.IsVulnerable
     WHEN MATCHED THEN UPDATE SET Residents = t.Residents + s.N
     WHEN NOT MATCHED THEN INSERT (Day, IsVulnerable, Residents) VALUES (s.Day, s.IsVulnerable, s.N);
END
GO

-- Existing data: the roll-ups of the summaries 0004 keeps.
INSERT INTO dbo.RegisterCounts (Status, IsVulnerable, WhereaboutsType, PrefectureCode, Residents)
SELECT Status, IsVulnerable, WhereaboutsType, PrefectureCode, SUM(Residents)
  FROM dbo.ResidentCounts
 GROUP BY Status, IsVulnerable, WhereaboutsType, PrefectureCode;

INSERT INTO dbo.DistrictStatusCounts (District, Status, IsVulnerable, Residents)
SELECT District, Status, IsVulnerable, SUM(Residents)
  FROM dbo.ResidentCounts
 GROUP BY District, Status, IsVulnerable;

INSERT INTO dbo.RegisterDailyConfirmations (Day, IsVulnerable, Residents)
SELECT Day, IsVulnerable, SUM(Residents)
  FROM dbo.DailyConfirmations
 GROUP BY Day, IsVulnerable;

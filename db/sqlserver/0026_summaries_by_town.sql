-- Issue 19 (C): the dashboard's kept counts (0004, 0012, 0014) and the intention summary's (0018, 0023) gain TownId as
-- their first key, so that the figures of one town, of several or of all are a sum over the chosen towns' rows of the
-- same small summaries. Each table gains the column (the default only fills it and is dropped after), its primary key is
-- made again with the town first, and its rows are counted again from the register (every row in its resident's or
-- household's town); the triggers that keep them exact take the town, otherwise unchanged. TownTotals is the household
-- total per town. The same tables and effects as db/sqlite/0026_summaries_by_town.sql.
ALTER TABLE dbo.ResidentCounts ADD TownId INT NOT NULL CONSTRAINT DF_ResidentCounts_TownId DEFAULT 1;
ALTER TABLE dbo.DailyConfirmations ADD TownId INT NOT NULL CONSTRAINT DF_DailyConfirmations_TownId DEFAULT 1;
ALTER TABLE dbo.RegisterCounts ADD TownId INT NOT NULL CONSTRAINT DF_RegisterCounts_TownId DEFAULT 1;
ALTER TABLE dbo.DistrictStatusCounts ADD TownId INT NOT NULL CONSTRAINT DF_DistrictStatusCounts_TownId DEFAULT 1;
ALTER TABLE dbo.RegisterDailyConfirmations ADD TownId INT NOT NULL CONSTRAINT DF_RegisterDailyConfirmations_TownId DEFAULT 1;
ALTER TABLE dbo.IntentionHouseholds ADD TownId INT NOT NULL CONSTRAINT DF_IntentionHouseholds_TownId DEFAULT 1;
ALTER TABLE dbo.IntentionGroupCounts ADD TownId INT NOT NULL CONSTRAINT DF_IntentionGroupCounts_TownId DEFAULT 1;

-- Households per town (RegisterTotals keeps the whole register's), rebuilt by the register import.
CREATE TABLE dbo.TownTotals (
    TownId          INT          NOT NULL,
    Households      INT          NOT NULL,
    CONSTRAINT PK_TownTotals PRIMARY KEY (TownId)
);
GO

ALTER TABLE dbo.ResidentCounts DROP CONSTRAINT DF_ResidentCounts_TownId;
ALTER TABLE dbo.DailyConfirmations DROP CONSTRAINT DF_DailyConfirmations_TownId;
ALTER TABLE dbo.RegisterCounts DROP CONSTRAINT DF_RegisterCounts_TownId;
ALTER TABLE dbo.DistrictStatusCounts DROP CONSTRAINT DF_DistrictStatusCounts_TownId;
ALTER TABLE dbo.RegisterDailyConfirmations DROP CONSTRAINT DF_RegisterDailyConfirmations_TownId;
ALTER TABLE dbo.IntentionHouseholds DROP CONSTRAINT DF_IntentionHouseholds_TownId;
ALTER TABLE dbo.IntentionGroupCounts DROP CONSTRAINT DF_IntentionGroupCounts_TownId;

ALTER TABLE dbo.ResidentCounts DROP CONSTRAINT PK_ResidentCounts;
ALTER TABLE dbo.DailyConfirmations DROP CONSTRAINT PK_DailyConfirmations;
ALTER TABLE dbo.RegisterCounts DROP CONSTRAINT PK_RegisterCounts;
ALTER TABLE dbo.DistrictStatusCounts DROP CONSTRAINT PK_DistrictStatusCounts;
ALTER TABLE dbo.RegisterDailyConfirmations DROP CONSTRAINT PK_RegisterDailyConfirmations;
ALTER TABLE dbo.IntentionGroupCounts DROP CONSTRAINT PK_IntentionGroupCounts;

ALTER TABLE dbo.ResidentCounts ADD CONSTRAINT PK_ResidentCounts PRIMARY KEY (TownId, District, Status, IsVulnerable, WhereaboutsType, PrefectureCode);
ALTER TABLE dbo.DailyConfirmations ADD CONSTRAINT PK_DailyConfirmations PRIMARY KEY (TownId, Day, District, IsVulnerable);
ALTER TABLE dbo.RegisterCounts ADD CONSTRAINT PK_RegisterCounts PRIMARY KEY (TownId, Status, IsVulnerable, WhereaboutsType, PrefectureCode);
ALTER TABLE dbo.DistrictStatusCounts ADD CONSTRAINT PK_DistrictStatusCounts PRIMARY KEY (TownId, District, Status, IsVulnerable);
ALTER TABLE dbo.RegisterDailyConfirmations ADD CONSTRAINT PK_RegisterDailyConfirmations PRIMARY KEY (TownId, Day, IsVulnerable);
ALTER TABLE dbo.IntentionGroupCounts ADD CONSTRAINT PK_IntentionGroupCounts PRIMARY KEY (TownId, RoundId, Dimension, GroupKey, Intention);

-- One district's confirmation chart in the chosen towns: a range per town.
DROP INDEX IX_DailyConfirmations_District ON dbo.DailyConfirmations;
CREATE INDEX IX_DailyConfirmations_District ON dbo.DailyConfirmations (TownId, District, Day) INCLUDE (IsVulnerable, Residents);
GO

ALTER TRIGGER dbo.TR_Residents_Counts ON dbo.Residents AFTER INSERT, UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;

    MERGE dbo.ResidentCounts WITH (HOLDLOCK) AS t
    USING (
        SELECT d.TownId, d.District, d.Status, d.IsVulnerable, d.WhereaboutsType, d.PrefectureCode, SUM(d.N) AS N
          FROM (SELECT o.TownId, COALESCE(o.District, N'') AS District, CAST(o.Status AS INT) AS Status,
                       CAST(o.IsVulnerable AS INT) AS IsVulnerable, COALESCE(CAST(o.WhereaboutsType AS INT), -1) AS WhereaboutsType,
                       COALESCE(CAST(o.PrefectureCode AS INT), -1) AS PrefectureCode, -1 AS N
                  FROM deleted o
                 WHERE o.IsProvisional = 0 AND o.MergedIntoResidentId IS NULL
                UNION ALL
                SELECT n.TownId, COALESCE(n.District, N''), CAST(n.Status AS INT), CAST(n.IsVulnerable AS INT),
                       COALESCE(CAST(n.WhereaboutsType AS INT), -1), COALESCE(CAST(n.PrefectureCode AS INT), -1), 1
                  FROM inserted n
                 WHERE n.IsProvisional = 0 AND n.MergedIntoResidentId IS NULL) AS d
         GROUP BY d.TownId, d.District, d.Status, d.IsVulnerable, d.WhereaboutsType, d.PrefectureCode
        HAVING SUM(d.N) <> 0) AS s
       ON t.TownId = s.TownId AND t.District = s.District AND t.Status = s.Status AND t.IsVulnerable = s.IsVulnerable
      AND t.WhereaboutsType = s.WhereaboutsType AND t.PrefectureCode = s.PrefectureCode
     WHEN MATCHED THEN UPDATE SET Residents = t.Residents + s.N
     WHEN NOT MATCHED THEN INSERT (TownId, District, Status, IsVulnerable, WhereaboutsType, PrefectureCode, Residents)
                           VALUES (s.TownId, s.District, s.Status, s.IsVulnerable, s.WhereaboutsType, s.PrefectureCode, s.N);

    MERGE dbo.DailyConfirmations WITH (HOLDLOCK) AS t
    USING (
        SELECT d.TownId, d.Day, d.District, d.IsVulnerable, SUM(d.N) AS N
          FROM (SELECT o.TownId, CAST(DATEADD(HOUR, 9, o.FirstConfirmedAt) AS DATE) AS Day, COALESCE(o.District, N'') AS District,
                       CAST(o.IsVulnerable AS INT) AS IsVulnerable, -1 AS N
                  FROM deleted o
                 WHERE o.FirstConfirmedAt IS NOT NULL AND o.IsProvisional = 0 AND o.MergedIntoResidentId IS NULL
                UNION ALL
                SELECT n.TownId, CAST(DATEADD(HOUR, 9, n.FirstConfirmedAt) AS DATE), COALESCE(n.District, N''), CAST(n.IsVulnerable AS INT), 1
                  FROM inserted n
                 WHERE n.FirstConfirmedAt IS NOT NULL AND n.IsProvisional = 0 AND n.MergedIntoResidentId IS NULL) AS d
         GROUP BY d.TownId, d.Day, d.District, d.IsVulnerable
        HAVING SUM(d.N) <> 0) AS s
       ON t.TownId = s.TownId AND t.Day = s.Day AND t.District = s.District AND t.IsVulnerable = s.IsVulnerable
     WHEN MATCHED THEN UPDATE SET Residents = t.Residents + s.N
     WHEN NOT MATCHED THEN INSERT (TownId, Day, District, IsVulnerable, Residents) VALUES (s.TownId, s.Day, s.District, s.IsVulnerable, s.N);
END
GO

ALTER TRIGGER dbo.TR_Residents_Rollups ON dbo.Residents AFTER INSERT, UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;

    -- Each changed row once as it was (-1) and once as it is (+1), registered residents only, as in TR_Residents_Counts.
    DECLARE @d TABLE (
        TownId INT NOT NULL, District NVARCHAR(50) COLLATE Latin1_General_100_BIN2 NOT NULL, Status INT NOT NULL, IsVulnerable INT NOT NULL,
        WhereaboutsType INT NOT NULL, PrefectureCode INT NOT NULL, Day DATE NULL, N INT NOT NULL);
    INSERT INTO @d (TownId, District, Status, IsVulnerable, WhereaboutsType, PrefectureCode, Day, N)
    SELECT o.TownId, COALESCE(o.District, N''), CAST(o.Status AS INT), CAST(o.IsVulnerable AS INT), COALESCE(CAST(o.WhereaboutsType AS INT), -1),
           COALESCE(CAST(o.PrefectureCode AS INT), -1), CAST(DATEADD(HOUR, 9, o.FirstConfirmedAt) AS DATE), -1
      FROM deleted o
     WHERE o.IsProvisional = 0 AND o.MergedIntoResidentId IS NULL
    UNION ALL
    SELECT n.TownId, COALESCE(n.District, N''), CAST(n.Status AS INT), CAST(n.IsVulnerable AS INT), COALESCE(CAST(n.WhereaboutsType AS INT), -1),
           COALESCE(CAST(n.PrefectureCode AS INT), -1), CAST(DATEADD(HOUR, 9, n.FirstConfirmedAt) AS DATE), 1
      FROM inserted n
     WHERE n.IsProvisional = 0 AND n.MergedIntoResidentId IS NULL;

    MERGE dbo.RegisterCounts WITH (HOLDLOCK) AS t
    USING (
        SELECT d.TownId, d.Status, d.IsVulnerable, d.WhereaboutsType, d.PrefectureCode, SUM(d.N) AS N
          FROM @d d
         GROUP BY d.TownId, d.Status, d.IsVulnerable, d.WhereaboutsType, d.PrefectureCode
        HAVING SUM(d.N) <> 0) AS s
       ON t.TownId = s.TownId AND t.Status = s.Status AND t.IsVulnerable = s.IsVulnerable AND t.WhereaboutsType = s.WhereaboutsType
      AND t.PrefectureCode = s.PrefectureCode
     WHEN MATCHED THEN UPDATE SET Residents = t.Residents + s.N
     WHEN NOT MATCHED THEN INSERT (TownId, Status, IsVulnerable, WhereaboutsType, PrefectureCode, Residents)
                           VALUES (s.TownId, s.Status, s.IsVulnerable, s.WhereaboutsType, s.PrefectureCode, s.N);

    MERGE dbo.DistrictStatusCounts WITH (HOLDLOCK) AS t
    USING (
        SELECT d.TownId, d.District, d.Status, d.IsVulnerable, SUM(d.N) AS N
          FROM @d d
         GROUP BY d.TownId, d.District, d.Status, d.IsVulnerable
        HAVING SUM(d.N) <> 0) AS s
       ON t.TownId = s.TownId AND t.District = s.District AND t.Status = s.Status AND t.IsVulnerable = s.IsVulnerable
     WHEN MATCHED THEN UPDATE SET Residents = t.Residents + s.N
     WHEN NOT MATCHED THEN INSERT (TownId, District, Status, IsVulnerable, Residents) VALUES (s.TownId, s.District, s.Status, s.IsVulnerable, s.N);

    MERGE dbo.RegisterDailyConfirmations WITH (HOLDLOCK) AS t
    USING (
        SELECT d.TownId, d.Day, d.IsVulnerable, SUM(d.N) AS N
          FROM @d d
         WHERE d.Day IS NOT NULL
         GROUP BY d.TownId, d.Day, d.IsVulnerable
        HAVING SUM(d.N) <> 0) AS s
       ON t.TownId = s.TownId AND t.Day = s.Day AND t.IsVulnerable = s.IsVulnerable
     WHEN MATCHED THEN UPDATE SET Residents = t.Residents + s.N
     WHEN NOT MATCHED THEN INSERT (TownId, Day, IsVulnerable, Residents) VALUES (s.TownId, s.Day, s.IsVulnerable, s.N);
END
GO

-- The counting answers' count trigger of 0018/0023 with the household's town (its IntentionHouseholds row).
ALTER TRIGGER dbo.TR_HouseholdIntentions_Counts ON dbo.HouseholdIntentions AFTER INSERT, UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    IF EXISTS (SELECT 1 FROM dbo.TriggerPauses WHERE Name = N'IntentionGroupCounts')
        RETURN;
    MERGE dbo.IntentionGroupCounts WITH (HOLDLOCK) AS t
    USING (
        SELECT h.TownId, d.RoundId, k.Dimension, k.GroupKey, d.Intention, SUM(d.N) AS N
          FROM (SELECT o.RoundId, o.HouseholdId, CAST(o.Intention AS INT) AS Intention, -1 AS N FROM deleted o
                UNION ALL
                SELECT n.RoundId, n.HouseholdId, CAST(n.Intention AS INT), 1 FROM inserted n) d
          JOIN dbo.IntentionHouseholdKeys k ON k.HouseholdId = d.HouseholdId
          JOIN dbo.IntentionHouseholds h ON h.HouseholdId = d.HouseholdId
         GROUP BY h.TownId, d.RoundId, k.Dimension, k.GroupKey, d.Intention
        HAVING SUM(d.N) <> 0) AS s
       ON t.TownId = s.TownId AND t.RoundId = s.RoundId AND t.Dimension = s.Dimension AND t.GroupKey = s.GroupKey AND t.Intention = s.Intention
     WHEN MATCHED THEN UPDATE SET Households = t.Households + s.N
     WHEN NOT MATCHED THEN INSERT (TownId, RoundId, Dimension, GroupKey, Intention, Households)
                           VALUES (s.TownId, s.RoundId, s.Dimension, s.GroupKey, s.Intention, s.N);
END
GO

-- A household moving between groups moves its register count (RoundId 0) and its counting answer in every round (and
-- its whole-town row, dimension 0, only if its town changed).
ALTER TRIGGER dbo.TR_IntentionHouseholds_Move ON dbo.IntentionHouseholds AFTER UPDATE
AS
BEGIN
    SET NOCOUNT ON;
    MERGE dbo.IntentionGroupCounts WITH (HOLDLOCK) AS t
    USING (
        SELECT k.TownId, a.RoundId, k.Dimension, k.GroupKey, a.Intention, SUM(k.N) AS N
          FROM (SELECT o.HouseholdId, o.TownId, -1 AS N, v.Dimension, v.GroupKey
                  FROM deleted o
                 CROSS APPLY (VALUES (0, N''), (1, o.District), (2, COALESCE(o.Prefecture, N'')), (3, COALESCE(o.Whereabouts, N'')),
                                     (4, SUBSTRING(COALESCE(o.BirthDate, N''), 1, 7)), (5, COALESCE(o.BirthDate, N''))) v (Dimension, GroupKey)
                UNION ALL
                SELECT n.HouseholdId, n.TownId, 1, v.Dimension, v.GroupKey
                  FROM inserted n
                 CROSS APPLY (VALUES (0, N''), (1, n.District), (2, COALESCE(n.Prefecture, N'')), (3, COALESCE(n.Whereabouts, N'')),
                                     (4, SUBSTRING(COALESCE(n.BirthDate, N''), 1, 7)), (5, COALESCE(n.BirthDate, N''))) v (Dimension, GroupKey)) k
          JOIN (SELECT x.HouseholdId, 0 AS RoundId, 0 AS Intention FROM inserted x
                UNION ALL
                SELECT a.HouseholdId, a.RoundId, CAST(a.Intention AS INT) FROM dbo.HouseholdIntentions a
                 WHERE a.HouseholdId IN (SELECT y.HouseholdId FROM inserted y)) a
            ON a.HouseholdId = k.HouseholdId
         GROUP BY k.TownId, a.RoundId, k.Dimension, k.GroupKey, a.Intention
        HAVING SUM(k.N) <> 0) AS s
       ON t.TownId = s.TownId AND t.RoundId = s.RoundId AND t.Dimension = s.Dimension AND t.GroupKey = s.GroupKey AND t.Intention = s.Intention
     WHEN MATCHED THEN UPDATE SET Households = t.Households + s.N
     WHEN NOT MATCHED THEN INSERT (TownId, RoundId, Dimension, GroupKey, Intention, Households)
                           VALUES (s.TownId, s.RoundId, s.Dimension, s.GroupKey, s.Intention, s.N);
END
GO

-- Existing data: counted again from the register, each row in its resident's or household's town.
UPDATE ih
   SET TownId = h.TownId
  FROM dbo.IntentionHouseholds ih
  JOIN dbo.Households h ON h.HouseholdId = ih.HouseholdId;

DELETE FROM dbo.ResidentCounts;
INSERT INTO dbo.ResidentCounts (TownId, District, Status, IsVulnerable, WhereaboutsType, PrefectureCode, Residents)
SELECT TownId, COALESCE(District, N''), Status, CAST(IsVulnerable AS INT), COALESCE(CAST(WhereaboutsType AS INT), -1), COALESCE(CAST(PrefectureCode AS INT), -1), COUNT(*)
  FROM dbo.Residents
 WHERE IsProvisional = 0 AND MergedIntoResidentId IS NULL
 GROUP BY TownId, COALESCE(District, N''), Status, CAST(IsVulnerable AS INT), COALESCE(CAST(WhereaboutsType AS INT), -1), COALESCE(CAST(PrefectureCode AS INT), -1);

DELETE FROM dbo.DailyConfirmations;
INSERT INTO dbo.DailyConfirmations (TownId, Day, District, IsVulnerable, Residents)
SELECT TownId, CAST(DATEADD(HOUR, 9, FirstConfirmedAt) AS DATE), COALESCE(District, N''), CAST(IsVulnerable AS INT), COUNT(*)
  FROM dbo.Residents
 WHERE FirstConfirmedAt IS NOT NULL AND IsProvisional = 0 AND MergedIntoResidentId IS NULL
 GROUP BY TownId, CAST(DATEADD(HOUR, 9, FirstConfirmedAt) AS DATE), COALESCE(District, N''), CAST(IsVulnerable AS INT);

DELETE FROM dbo.RegisterCounts;
INSERT INTO dbo.RegisterCounts (TownId, Status, IsVulnerable, WhereaboutsType, PrefectureCode, Residents)
SELECT TownId, Status, IsVulnerable, WhereaboutsType, PrefectureCode, SUM(Residents)
  FROM dbo.ResidentCounts
 GROUP BY TownId, Status, IsVulnerable, WhereaboutsType, PrefectureCode;

DELETE FROM dbo.DistrictStatusCounts;
INSERT INTO dbo.DistrictStatusCounts (TownId, District, Status, IsVulnerable, Residents)
SELECT TownId, District, Status, IsVulnerable, SUM(Residents)
  FROM dbo.ResidentCounts
 GROUP BY TownId, District, Status, IsVulnerable;

DELETE FROM dbo.RegisterDailyConfirmations;
INSERT INTO dbo.RegisterDailyConfirmations (TownId, Day, IsVulnerable, Residents)
SELECT TownId, Day, IsVulnerable, SUM(Residents)
  FROM dbo.DailyConfirmations
 GROUP BY TownId, Day, IsVulnerable;

INSERT INTO dbo.TownTotals (TownId, Households)
SELECT TownId, COUNT(*)
  FROM dbo.Households
 GROUP BY TownId;

DELETE FROM dbo.IntentionGroupCounts;
INSERT INTO dbo.IntentionGroupCounts (TownId, RoundId, Dimension, GroupKey, Intention, Households)
SELECT h.TownId, a.RoundId, k.Dimension, k.GroupKey, a.Intention, COUNT(*)
  FROM dbo.IntentionHouseholdKeys k
  JOIN dbo.IntentionHouseholds h
    ON h.HouseholdId = k.HouseholdId
  JOIN (SELECT 0 AS RoundId, HouseholdId, 0 AS Intention FROM dbo.IntentionHouseholds
        UNION ALL
        SELECT RoundId, HouseholdId, CAST(Intention AS INT) FROM dbo.HouseholdIntentions) a
    ON a.HouseholdId = k.HouseholdId
 GROUP BY h.TownId, a.RoundId, k.Dimension, k.GroupKey, a.Intention;
GO

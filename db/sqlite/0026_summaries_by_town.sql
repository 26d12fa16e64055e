-- Issue 19 (C): the dashboard's kept counts (0004, 0012, 0014) and the intention summary's (0018, 0023) gain TownId as
-- their first key, so that the figures of one town, of several or of all are a sum over the chosen towns' rows of the
-- same small summaries (no count over the register per load). The tables are created again with the town in the key
-- and recounted from the register (every existing row goes to its resident's or household's town); the triggers that
-- keep them exact are recreated with the town, otherwise unchanged. TownTotals is the household total per town (the
-- register import, the only writer of households, rebuilds it with RegisterTotals). The same tables and effects as
-- db/sqlserver/0026_summaries_by_town.sql.

DROP TRIGGER TR_Residents_Counts_Update;
DROP TRIGGER TR_Residents_Counts_Delete;
DROP TRIGGER TR_Residents_Rollups_Update;
DROP TRIGGER TR_Residents_Rollups_Delete;
DROP TRIGGER TR_HouseholdIntentions_Counts_Insert;
DROP TRIGGER TR_HouseholdIntentions_Counts_Update;
DROP TRIGGER TR_HouseholdIntentions_Counts_Delete;
DROP TRIGGER TR_IntentionHouseholds_Move;

DROP INDEX IX_DailyConfirmations_District;
DROP TABLE ResidentCounts;
DROP TABLE DailyConfirmations;
DROP TABLE RegisterCounts;
DROP TABLE DistrictStatusCounts;
DROP TABLE RegisterDailyConfirmations;
DROP TABLE IntentionGroupCounts;

-- Registered residents (not provisional, not merged) by town, district, status, vulnerability and whereabouts.
CREATE TABLE ResidentCounts (
    TownId          INTEGER NOT NULL,
    District        TEXT    NOT NULL,
    Status          INTEGER NOT NULL,
    IsVulnerable    INTEGER NOT NULL,
    WhereaboutsType INTEGER NOT NULL,
    PrefectureCode  INTEGER NOT NULL,
    Residents       INTEGER NOT NULL,
    CONSTRAINT PK_ResidentCounts PRIMARY KEY (TownId, District, Status, IsVulnerable, WhereaboutsType, PrefectureCode)
);

-- Residents first confirmed on each day (Japan time), by town, district and vulnerability.
CREATE TABLE DailyConfirmations (
    TownId          INTEGER NOT NULL,
    Day             TEXT    NOT NULL,
    District        TEXT    NOT NULL,
    IsVulnerable    INTEGER NOT NULL,
    Residents       INTEGER NOT NULL,
    CONSTRAINT PK_DailyConfirmations PRIMARY KEY (TownId, Day, District, IsVulnerable)
);

-- One district's confirmation chart in the chosen towns: a range per town.
CREATE INDEX IX_DailyConfirmations_District ON DailyConfirmations (TownId, District, Day);

-- Registered residents of each town by status, vulnerability and whereabouts (ResidentCounts without District).
CREATE TABLE RegisterCounts (
    TownId          INTEGER NOT NULL,
    Status          INTEGER NOT NULL,
    IsVulnerable    INTEGER NOT NULL,
    WhereaboutsType INTEGER NOT NULL,
    PrefectureCode  INTEGER NOT NULL,
    Residents       INTEGER NOT NULL,
    CONSTRAINT PK_RegisterCounts PRIMARY KEY (TownId, Status, IsVulnerable, WhereaboutsType, PrefectureCode)
);

-- Registered residents by town, district, status and vulnerability (ResidentCounts without whereabouts).
CREATE TABLE DistrictStatusCounts (
    TownId          INTEGER NOT NULL,
    District        TEXT    NOT NULL,
    Status          INTEGER NOT NULL,
    IsVulnerable    INTEGER NOT NULL,
    Residents       INTEGER NOT NULL,
    CONSTRAINT PK_DistrictStatusCounts PRIMARY KEY (TownId, District, Status, IsVulnerable)
);

-- Residents of each town first confirmed on each day (Japan time), by vulnerability (DailyConfirmations without District).
CREATE TABLE RegisterDailyConfirmations (
    TownId          INTEGER NOT NULL,
    Day             TEXT    NOT NULL,
    IsVulnerable    INTEGER NOT NULL,
    Residents       INTEGER NOT NULL,
    CONSTRAINT PK_RegisterDailyConfirmations PRIMARY KEY (TownId, Day, IsVulnerable)
);

-- Households per town (RegisterTotals keeps the whole register's), rebuilt by the register import.
CREATE TABLE TownTotals (
    TownId          INTEGER NOT NULL,
    Households      INTEGER NOT NULL,
    CONSTRAINT PK_TownTotals PRIMARY KEY (TownId)
);

-- The household's town beside its head and group keys (a household never changes town).
ALTER TABLE IntentionHouseholds ADD COLUMN TownId INTEGER NOT NULL DEFAULT 1;

UPDATE IntentionHouseholds
   SET TownId = (SELECT h.TownId FROM Households h WHERE h.HouseholdId = IntentionHouseholds.HouseholdId)
 WHERE EXISTS (SELECT 1 FROM Households h WHERE h.HouseholdId = IntentionHouseholds.HouseholdId);

-- Households per town, round, grouping, key and intention (RoundId 0 / Intention 0: every household of the town's register).
CREATE TABLE IntentionGroupCounts (
    TownId              INTEGER NOT NULL,
    RoundId             INTEGER NOT NULL,
    Dimension           INTEGER NOT NULL,
    GroupKey            TEXT NOT NULL,
    Intention           INTEGER NOT NULL,
    Households          INTEGER NOT NULL,
    CONSTRAINT PK_IntentionGroupCounts PRIMARY KEY (TownId, RoundId, Dimension, GroupKey, Intention)
);

CREATE TRIGGER TR_Residents_Counts_Update AFTER UPDATE OF TownId, District, Status, IsVulnerable, WhereaboutsType, PrefectureCode,
    IsProvisional, MergedIntoResidentId, FirstConfirmedAt ON Residents
BEGIN
    UPDATE ResidentCounts SET Residents = Residents - 1
     WHERE OLD.IsProvisional = 0 AND OLD.MergedIntoResidentId IS NULL
       AND TownId = OLD.TownId
       AND District = COALESCE(OLD.District, '') AND Status = OLD.Status AND IsVulnerable = OLD.IsVulnerable
       AND WhereaboutsType = COALESCE(OLD.WhereaboutsType, -1) AND PrefectureCode = COALESCE(OLD.PrefectureCode, -1);
    INSERT INTO ResidentCounts (TownId, District, Status, IsVulnerable, WhereaboutsType, PrefectureCode, Residents)
    SELECT NEW.TownId, COALESCE(NEW.District, ''), NEW.Status, NEW.IsVulnerable, COALESCE(NEW.WhereaboutsType, -1), COALESCE(NEW.PrefectureCode, -1), 1
     WHERE NEW.IsProvisional = 0 AND NEW.MergedIntoResidentId IS NULL
    ON CONFLICT (TownId, District, Status, IsVulnerable, WhereaboutsType, PrefectureCode) DO UPDATE SET Residents = Residents + 1;
    UPDATE DailyConfirmations SET Residents = Residents - 1
     WHERE OLD.FirstConfirmedAt IS NOT NULL AND OLD.IsProvisional = 0 AND OLD.MergedIntoResidentId IS NULL
       AND TownId = OLD.TownId
       AND Day = date(OLD.FirstConfirmedAt, '+9 hours') AND District = COALESCE(OLD.District, '') AND IsVulnerable = OLD.IsVulnerable;
    INSERT INTO DailyConfirmations (TownId, Day, District, IsVulnerable, Residents)
    SELECT NEW.TownId, date(NEW.FirstConfirmedAt, '+9 hours'), COALESCE(NEW.District, ''), NEW.IsVulnerable, 1
     WHERE NEW.FirstConfirmedAt IS NOT NULL AND NEW.IsProvisional = 0 AND NEW.MergedIntoResidentId IS NULL
    ON CONFLICT (TownId, Day, District, IsVulnerable) DO UPDATE SET Residents = Residents + 1;
END;

CREATE TRIGGER TR_Residents_Counts_Delete AFTER DELETE ON Residents
BEGIN
    UPDATE ResidentCounts SET Residents = Residents - 1
     WHERE OLD.IsProvisional = 0 AND OLD.MergedIntoResidentId IS NULL
       AND TownId = OLD.TownId
       AND District = COALESCE(OLD.District, '') AND Status = OLD.Status AND IsVulnerable = OLD.IsVulnerable
       AND WhereaboutsType = COALESCE(OLD.WhereaboutsType, -1) AND PrefectureCode = COALESCE(OLD.PrefectureCode, -1);
    UPDATE DailyConfirmations SET Residents = Residents - 1
     WHERE OLD.FirstConfirmedAt IS NOT NULL AND OLD.IsProvisional = 0 AND OLD.MergedIntoResidentId IS NULL
       AND TownId = OLD.TownId
       AND Day = date(OLD.FirstConfirmedAt, '+9 hours') AND District = COALESCE(OLD.District, '') AND IsVulnerable = OLD.IsVulnerable;
END;

CREATE TRIGGER TR_Residents_Rollups_Update AFTER UPDATE OF TownId, District, Status, IsVulnerable, WhereaboutsType, PrefectureCode,
    IsProvisional, MergedIntoResidentId, FirstConfirmedAt ON Residents
BEGIN
    UPDATE RegisterCounts SET Residents = Residents - 1
     WHERE OLD.IsProvisional = 0 AND OLD.MergedIntoResidentId IS NULL
       AND TownId = OLD.TownId AND Status = OLD.Status AND IsVulnerable = OLD.IsVulnerable
       AND WhereaboutsType = COALESCE(OLD.WhereaboutsType, -1) AND PrefectureCode = COALESCE(OLD.PrefectureCode, -1);
    INSERT INTO RegisterCounts (TownId, Status, IsVulnerable, WhereaboutsType, PrefectureCode, Residents)
    SELECT NEW.TownId, NEW.Status, NEW.IsVulnerable, COALESCE(NEW.WhereaboutsType, -1), COALESCE(NEW.PrefectureCode, -1), 1
     WHERE NEW.IsProvisional = 0 AND NEW.MergedIntoResidentId IS NULL
    ON CONFLICT (TownId, Status, IsVulnerable, WhereaboutsType, PrefectureCode) DO UPDATE SET Residents = Residents + 1;
    UPDATE DistrictStatusCounts SET Residents = Residents - 1
     WHERE OLD.IsProvisional = 0 AND OLD.MergedIntoResidentId IS NULL
       AND TownId = OLD.TownId AND District = COALESCE(OLD.District, '') AND Status = OLD.Status AND IsVulnerable = OLD.IsVulnerable;
    INSERT INTO DistrictStatusCounts (TownId, District, Status, IsVulnerable, Residents)
    SELECT NEW.TownId, COALESCE(NEW.District, ''), NEW.Status, NEW.IsVulnerable, 1
     WHERE NEW.IsProvisional = 0 AND NEW.MergedIntoResidentId IS NULL
    ON CONFLICT (TownId, District, Status, IsVulnerable) DO UPDATE SET Residents = Residents + 1;
    UPDATE RegisterDailyConfirmations SET Residents = Residents - 1
     WHERE OLD.FirstConfirmedAt IS NOT NULL AND OLD.IsProvisional = 0 AND OLD.MergedIntoResidentId IS NULL
       AND TownId = OLD.TownId AND Day = date(OLD.FirstConfirmedAt, '+9 hours') AND IsVulnerable = OLD.IsVulnerable;
    INSERT INTO RegisterDailyConfirmations (TownId, Day, IsVulnerable, Residents)
    SELECT NEW.TownId, date(NEW.FirstConfirmedAt, '+9 hours'), NEW.IsVulnerable, 1
     WHERE NEW.FirstConfirmedAt IS NOT NULL AND NEW.IsProvisional = 0 AND NEW.MergedIntoResidentId IS NULL
    ON CONFLICT (TownId, Day, IsVulnerable) DO UPDATE SET Residents = Residents + 1;
END;

CREATE TRIGGER TR_Residents_Rollups_Delete AFTER DELETE ON Residents
BEGIN
    UPDATE RegisterCounts SET Residents = Residents - 1
     WHERE OLD.IsProvisional = 0 AND OLD.MergedIntoResidentId IS NULL
       AND TownId = OLD.TownId AND Status = OLD.Status AND IsVulnerable = OLD.IsVulnerable
       AND WhereaboutsType = COALESCE(OLD.WhereaboutsType, -1) AND PrefectureCode = COALESCE(OLD.PrefectureCode, -1);
    UPDATE DistrictStatusCounts SET Residents = Residents - 1
     WHERE OLD.IsProvisional = 0 AND OLD.MergedIntoResidentId IS NULL
       AND TownId = OLD.TownId AND District = COALESCE(OLD.District, '') AND Status = OLD.Status AND IsVulnerable = OLD.IsVulnerable;
    UPDATE RegisterDailyConfirmations SET Residents = Residents - 1
     WHERE OLD.FirstConfirmedAt IS NOT NULL AND OLD.IsProvisional = 0 AND OLD.MergedIntoResidentId IS NULL
       AND TownId = OLD.TownId AND Day = date(OLD.FirstConfirmedAt, '+9 hours') AND IsVulnerable = OLD.IsVulnerable;
END;

-- The counting answers' count triggers of 0018/0023 with the household's town (its IntentionHouseholds row).
CREATE TRIGGER TR_HouseholdIntentions_Counts_Insert AFTER INSERT ON HouseholdIntentions
WHEN NOT EXISTS (SELECT 1 FROM TriggerPauses WHERE Name = 'IntentionGroupCounts')
BEGIN
    INSERT INTO IntentionGroupCounts (TownId, RoundId, Dimension, GroupKey, Intention, Households)
    SELECT h.TownId, NEW.RoundId, k.Dimension, k.GroupKey, NEW.Intention, 1
      FROM IntentionHouseholdKeys k
      JOIN IntentionHouseholds h ON h.HouseholdId = k.HouseholdId
     WHERE k.HouseholdId = NEW.HouseholdId
    ON CONFLICT (TownId, RoundId, Dimension, GroupKey, Intention) DO UPDATE SET Households = Households + 1;
END;

CREATE TRIGGER TR_HouseholdIntentions_Counts_Update AFTER UPDATE OF RoundId, HouseholdId, Intention ON HouseholdIntentions
WHEN NOT EXISTS (SELECT 1 FROM TriggerPauses WHERE Name = 'IntentionGroupCounts')
BEGIN
    UPDATE IntentionGroupCounts SET Households = Households - 1
     WHERE RoundId = OLD.RoundId AND Intention = OLD.Intention
       AND TownId = (SELECT h.TownId FROM IntentionHouseholds h WHERE h.HouseholdId = OLD.HouseholdId)
       AND (Dimension, GroupKey) IN (SELECT k.Dimension, k.GroupKey FROM IntentionHouseholdKeys k WHERE k.HouseholdId = OLD.HouseholdId);
    INSERT INTO IntentionGroupCounts (TownId, RoundId, Dimension, GroupKey, Intention, Households)
    SELECT h.TownId, NEW.RoundId, k.Dimension, k.GroupKey, NEW.Intention, 1
      FROM IntentionHouseholdKeys k
      JOIN IntentionHouseholds h ON h.HouseholdId = k.HouseholdId
     WHERE k.HouseholdId = NEW.HouseholdId
    ON CONFLICT (TownId, RoundId, Dimension, GroupKey, Intention) DO UPDATE SET Households = Households + 1;
END;

CREATE TRIGGER TR_HouseholdIntentions_Counts_Delete AFTER DELETE ON HouseholdIntentions
WHEN NOT EXISTS (SELECT 1 FROM TriggerPauses WHERE Name = 'IntentionGroupCounts')
BEGIN
    UPDATE IntentionGroupCounts SET Households = Households - 1
     WHERE RoundId = OLD.RoundId AND Intention = OLD.Intention
       AND TownId = (SELECT h.TownId FROM IntentionHouseholds h WHERE h.HouseholdId = OLD.HouseholdId)
       AND (Dimension, GroupKey) IN (SELECT k.Dimension, k.GroupKey FROM IntentionHouseholdKeys k WHERE k.HouseholdId = OLD.HouseholdId);
END;

-- A household moving between groups moves its register count (RoundId 0) and its counting answer in every round.
CREATE TRIGGER TR_IntentionHouseholds_Move AFTER UPDATE ON IntentionHouseholds
BEGIN
    UPDATE IntentionGroupCounts SET Households = Households - 1
     WHERE TownId = OLD.TownId
       AND (RoundId, Intention) IN (SELECT 0, 0 UNION ALL SELECT a.RoundId, a.Intention FROM HouseholdIntentions a WHERE a.HouseholdId = OLD.HouseholdId)
       AND (Dimension, GroupKey) IN (SELECT 1, OLD.District
                                     UNION ALL SELECT 2, COALESCE(OLD.Prefecture, '')
                                     UNION ALL SELECT 3, COALESCE(OLD.Whereabouts, '')
                                     UNION ALL SELECT 4, SUBSTRING(COALESCE(OLD.BirthDate, ''), 1, 7)
                                     UNION ALL SELECT 5, COALESCE(OLD.BirthDate, '')
                                     UNION ALL SELECT 0, '' WHERE OLD.TownId IS NOT NEW.TownId);
    INSERT INTO IntentionGroupCounts (TownId, RoundId, Dimension, GroupKey, Intention, Households)
    SELECT NEW.TownId, a.RoundId, k.Dimension, k.GroupKey, a.Intention, 1
      FROM (SELECT 0 AS RoundId, 0 AS Intention
            UNION ALL
            SELECT x.RoundId, x.Intention FROM HouseholdIntentions x WHERE x.HouseholdId = NEW.HouseholdId) a
     CROSS JOIN (SELECT 1 AS Dimension, NEW.District AS GroupKey
                 UNION ALL SELECT 2, COALESCE(NEW.Prefecture, '')
                 UNION ALL SELECT 3, COALESCE(NEW.Whereabouts, '')
                 UNION ALL SELECT 4, SUBSTRING(COALESCE(NEW.BirthDate, ''), 1, 7)
                 UNION ALL SELECT 5, COALESCE(NEW.BirthDate, '')
                 UNION ALL SELECT 0, '' WHERE OLD.TownId IS NOT NEW.TownId) k
     WHERE true
    ON CONFLICT (TownId, RoundId, Dimension, GroupKey, Intention) DO UPDATE SET Households = Households + 1;
END;

-- Existing data: counted again from the register, each row in its resident's or household's town.
INSERT INTO ResidentCounts (TownId, District, Status, IsVulnerable, WhereaboutsType, PrefectureCode, Residents)
SELECT TownId, COALESCE(District, ''), Status, IsVulnerable, COALESCE(WhereaboutsType, -1), COALESCE(PrefectureCode, -1), COUNT(*)
  FROM Residents
 WHERE IsProvisional = 0 AND MergedIntoResidentId IS NULL
 GROUP BY TownId, COALESCE(District, ''), Status, IsVulnerable, COALESCE(WhereaboutsType, -1), COALESCE(PrefectureCode, -1);

INSERT INTO DailyConfirmations (TownId, Day, District, IsVulnerable, Residents)
SELECT TownId, date(FirstConfirmedAt, '+9 hours'), COALESCE(District, ''), IsVulnerable, COUNT(*)
  FROM Residents
 WHERE FirstConfirmedAt IS NOT NULL AND IsProvisional = 0 AND MergedIntoResidentId IS NULL
 GROUP BY TownId, date(FirstConfirmedAt, '+9 hours'), COALESCE(District, ''), IsVulnerable;

INSERT INTO RegisterCounts (TownId, Status, IsVulnerable, WhereaboutsType, PrefectureCode, Residents)
SELECT TownId, Status, IsVulnerable, WhereaboutsType, PrefectureCode, SUM(Residents)
  FROM ResidentCounts
 GROUP BY TownId, Status, IsVulnerable, WhereaboutsType, PrefectureCode;

INSERT INTO DistrictStatusCounts (TownId, District, Status, IsVulnerable, Residents)
SELECT TownId, District, Status, IsVulnerable, SUM(Residents)
  FROM ResidentCounts
 GROUP BY TownId, District, Status, IsVulnerable;

INSERT INTO RegisterDailyConfirmations (TownId, Day, IsVulnerable, Residents)
SELECT TownId, Day, IsVulnerable, SUM(Residents)
  FROM DailyConfirmations
 GROUP BY TownId, Day, IsVulnerable;

INSERT INTO TownTotals (TownId, Households)
SELECT TownId, COUNT(*)
  FROM Households
 GROUP BY TownId;

INSERT INTO IntentionGroupCounts (TownId, RoundId, Dimension, GroupKey, Intention, Households)
SELECT h.TownId, a.RoundId, k.Dimension, k.GroupKey, a.Intention, COUNT(*)
  FROM IntentionHouseholdKeys k
  JOIN IntentionHouseholds h
    ON h.HouseholdId = k.HouseholdId
  JOIN (SELECT 0 AS RoundId, HouseholdId, 0 AS Intention FROM IntentionHouseholds
        UNION ALL
        SELECT RoundId, HouseholdId, Intention FROM HouseholdIntentions) a
    ON a.HouseholdId = k.HouseholdId
 GROUP BY h.TownId, a.RoundId, k.Dimension, k.GroupKey, a.Intention;

-- Roll-ups of the dashboard's resident summaries, so that every figure reads about as many rows as it shows, at any
-- register size. At 1,000,000 residents (about a thousand districts) ResidentCounts holds hundreds of thousands of
-- buckets and DailyConfirmations tens of thousands of rows: reading them all on every load took ~270 ms. The roll-ups
-- leave out the dimension the whole-town view sums over; one district's figures read ResidentCounts and
-- DailyConfirmations by a district range. Kept exact by triggers beside those of 0004 (same conditions, same
-- transaction), and rebuilt with ResidentCounts by the register import (DashboardSummaries.RebuildAsync).

-- Registered residents of the whole town by status, vulnerability and whereabouts (ResidentCounts without District:
-- bounded by the code lists, a few thousand rows at most).
CREATE TABLE RegisterCounts (
    Status          INTEGER NOT NULL,
    IsVulnerable    INTEGER NOT NULL,
    WhereaboutsType INTEGER NOT NULL,
    PrefectureCode  INTEGER NOT NULL,
    Residents       INTEGER NOT NULL,
    CONSTRAINT PK_RegisterCounts PRIMARY KEY (Status, IsVulnerable, WhereaboutsType, PrefectureCode)
);

-- Registered residents by district, status and vulnerability (ResidentCounts without whereabouts): the status-by-district
-- chart and the list of districts.
CREATE TABLE DistrictStatusCounts (
    District        TEXT    NOT NULL,
    Status          INTEGER NOT NULL,
    IsVulnerable    INTEGER NOT NULL,
    Residents       INTEGER NOT NULL,
    CONSTRAINT PK_DistrictStatusCounts PRIMARY KEY (District, Status, IsVulnerable)
);

-- Residents of the whole town first confirmed on each day (Japan time), by vulnerability (DailyConfirmations without District).
CREATE TABLE RegisterDailyConfirmations (
    Day             TEXT    NOT NULL,
    IsVulnerable    INTEGER NOT NULL,
    Residents       INTEGER NOT NULL,
    CONSTRAINT PK_RegisterDailyConfirmations PRIMARY KEY (Day, IsVulnerable)
);

-- One district's confirmation chart: a range of this index instead of every day of every district.
CREATE INDEX IX_DailyConfirmations_District ON DailyConfirmations (District, Day);

CREATE TRIGGER TR_Residents_Rollups_Update AFTER UPDATE OF District, Status, IsVulnerable, WhereaboutsType, PrefectureCode,
    IsProvisional, MergedIntoResidentId, FirstConfirmedAt ON Residents
BEGIN
    UPDATE RegisterCounts SET Residents = Residents - 1
     WHERE OLD.IsProvisional = 0 AND OLD.MergedIntoResidentId IS NULL
       AND Status = OLD.Status AND IsVulnerable = OLD.IsVulnerable
       AND WhereaboutsType = COALESCE(OLD.WhereaboutsType, -1) AND PrefectureCode = COALESCE(OLD.PrefectureCode, -1);
    INSERT INTO RegisterCounts (Status, IsVulnerable, WhereaboutsType, PrefectureCode, Residents)
    SELECT NEW.Status, NEW.IsVulnerable, COALESCE(NEW.WhereaboutsType, -1), COALESCE(NEW.PrefectureCode, -1), 1
     WHERE NEW.IsProvisional = 0 AND NEW.MergedIntoResidentId IS NULL
    ON CONFLICT (Status, IsVulnerable, WhereaboutsType, PrefectureCode) DO UPDATE SET Residents = Residents + 1;
    UPDATE DistrictStatusCounts SET Residents = Residents - 1
     WHERE OLD.IsProvisional = 0 AND OLD.MergedIntoResidentId IS NULL
       AND District = COALESCE(OLD.District, '') AND Status = OLD.Status AND IsVulnerable = OLD.IsVulnerable;
    INSERT INTO DistrictStatusCounts (District, Status, IsVulnerable, Residents)
    SELECT COALESCE(NEW.District, ''), NEW.Status, NEW.IsVulnerable, 1
     WHERE NEW.IsProvisional = 0 AND NEW.MergedIntoResidentId IS NULL
    ON CONFLICT (District, Status, IsVulnerable) DO UPDATE SET Residents = Residents + 1;
    UPDATE RegisterDailyConfirmations SET Residents = Residents - 1
     WHERE OLD.FirstConfirmedAt IS NOT NULL AND OLD.IsProvisional = 0 AND OLD.MergedIntoResidentId IS NULL
       AND Day = date(OLD.FirstConfirmedAt, '+9 hours') AND IsVulnerable = OLD.IsVulnerable;
    INSERT INTO RegisterDailyConfirmations (Day, IsVulnerable, Residents)
    SELECT date(NEW.FirstConfirmedAt, '+9 hours'), NEW.IsVulnerable, 1
     WHERE NEW.FirstConfirmedAt IS NOT NULL AND NEW.IsProvisional = 0 AND NEW.MergedIntoResidentId IS NULL
    ON CONFLICT (Day, IsVulnerable) DO UPDATE SET Residents = Residents + 1;
END;

CREATE TRIGGER TR_Residents_Rollups_Delete AFTER DELETE ON Residents
BEGIN
    UPDATE RegisterCounts SET Residents = Residents - 1
     WHERE OLD.IsProvisional = 0 AND OLD.MergedIntoResidentId IS NULL
       AND Status = OLD.Status AND IsVulnerable = OLD.IsVulnerable
       AND WhereaboutsType = COALESCE(OLD.WhereaboutsType, -1) AND PrefectureCode = COALESCE(OLD.PrefectureCode, -1);
    UPDATE DistrictStatusCounts SET Residents = Residents - 1
     WHERE OLD.IsProvisional = 0 AND OLD.MergedIntoResidentId IS NULL
       AND District = COALESCE(OLD.District, '') AND Status = OLD.Status AND IsVulnerable = OLD.IsVulnerable;
    UPDATE RegisterDailyConfirmations SET Residents = Residents - 1
     WHERE OLD.FirstConfirmedAt IS NOT NULL AND OLD.IsProvisional = 0 AND OLD.MergedIntoResidentId IS NULL
       AND Day = date(OLD.FirstConfirmedAt, '+9 hours') AND IsVulnerable = OLD.IsVulnerable;
END;

-- Existing data: the roll-ups of the summaries 0004 keeps.
INSERT INTO RegisterCounts (Status, IsVulnerable, WhereaboutsType, PrefectureCode, Residents)
SELECT Status, IsVulnerable, WhereaboutsType, PrefectureCode, SUM(Residents)
  FROM ResidentCounts
 GROUP BY Status, IsVulnerable, WhereaboutsType, PrefectureCode;

INSERT INTO DistrictStatusCounts (District, Status, IsVulnerable, Residents)
SELECT District, Status, IsVulnerable, SUM(Residents)
  FROM ResidentCounts
 GROUP BY District, Status, IsVulnerable;

INSERT INTO RegisterDailyConfirmations (Day, IsVulnerable, Residents)
SELECT Day, IsVulnerable, SUM(Residents)
  FROM DailyConfirmations
 GROUP BY Day, IsVulnerable;

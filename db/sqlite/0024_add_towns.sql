-- Several towns on one system (issue 19). Each town is identified by its 6-digit 全国地方公共団体コード; households and
-- residents belong to one town, and their numbers are unique within that town only (the same numbers in two towns are two
-- different people). Staff accounts and API keys may be limited to towns: no rows for an account or key means all towns.
-- The existing register becomes town 1, whose code and name are filled from Town:Code / Town:Name at start-up (an empty
-- code means "not configured yet": a single-town installation runs as before).
--
-- SQLite cannot drop a UNIQUE constraint, so Households and Residents are rebuilt (https://sqlite.org/lang_altertable.html,
-- "Making Other Kinds Of Table Schema Changes"): the migrations run with foreign keys off and a foreign_key_check after
-- them; legacy_alter_table keeps the rename from re-checking the other tables' triggers and views that name these tables
-- while one of them is briefly absent. Every index and trigger on the two tables is recreated exactly as the earlier
-- migrations left it. The same tables, columns and constraints as db/sqlserver/0024_add_towns.sql.
PRAGMA legacy_alter_table = ON;

CREATE TABLE Towns (
    TownId      INTEGER PRIMARY KEY,
    Code        TEXT NOT NULL,
    Name        TEXT NOT NULL,
    CreatedAt   TEXT NOT NULL,
    CONSTRAINT UQ_Towns_Code UNIQUE (Code)
);

INSERT INTO Towns (TownId, Code, Name, CreatedAt) VALUES (1, '', '', strftime('%Y-%m-%d %H:%M:%f', 'now'));

CREATE TABLE UserTowns (
    UserId      INTEGER NOT NULL REFERENCES Users (UserId),
    TownId      INTEGER NOT NULL REFERENCES Towns (TownId),
    CONSTRAINT PK_UserTowns PRIMARY KEY (UserId, TownId)
);

CREATE TABLE ApiKeyTowns (
    ApiKeyId    INTEGER NOT NULL REFERENCES ApiKeys (ApiKeyId),
    TownId      INTEGER NOT NULL REFERENCES Towns (TownId),
    CONSTRAINT PK_ApiKeyTowns PRIMARY KEY (ApiKeyId, TownId)
);

-- Households: the same columns, plus TownId; numbers unique per town.
CREATE TABLE Households_Rebuilt (
    HouseholdId     INTEGER PRIMARY KEY,
    HouseholdNo     TEXT  NOT NULL,
    District        TEXT  NULL,
    Address         TEXT NULL,
    CreatedAt       TEXT  NOT NULL,
    UpdatedAt       TEXT  NOT NULL,
    TownId INTEGER NOT NULL REFERENCES Towns (TownId),
    CONSTRAINT UQ_Households_HouseholdNo_TownId UNIQUE (HouseholdNo, TownId)
);

INSERT INTO Households_Rebuilt (HouseholdId, HouseholdNo, District, Address, CreatedAt, UpdatedAt, TownId)
SELECT HouseholdId, HouseholdNo, District, Address, CreatedAt, UpdatedAt, 1 FROM Households;

DROP TABLE Households;
ALTER TABLE Households_Rebuilt RENAME TO Households;

-- Residents: the same columns, plus TownId; numbers unique per town.
CREATE TABLE Residents_Rebuilt (
    ResidentId          INTEGER PRIMARY KEY,
    ResidentNo          TEXT  NOT NULL,
    HouseholdId         INTEGER           NULL REFERENCES Households (HouseholdId),
    Relationship        TEXT  NULL,
    FamilyName          TEXT  NOT NULL,
    GivenName           TEXT  NOT NULL,
    FamilyNameKana      TEXT  NOT NULL,
    GivenNameKana       TEXT  NOT NULL,
    BirthDate           TEXT          NULL,
    Sex                 INTEGER       NOT NULL DEFAULT 0,
    District            TEXT  NULL,
    Address             TEXT NULL,
    Phone               TEXT  NULL,
    PhoneKey            TEXT  NULL,
    IsVulnerable        INTEGER           NOT NULL DEFAULT 0,
    VulnerableReason    TEXT NULL,
    IsProvisional       INTEGER           NOT NULL DEFAULT 0,
    FamilyNameKey       TEXT  NOT NULL,
    GivenNameKey        TEXT  NOT NULL,
    NameKey             TEXT NOT NULL,
    FamilyKanaKey       TEXT  NOT NULL,
    GivenKanaKey        TEXT  NOT NULL,
    KanaKey             TEXT NOT NULL,
    -- Current status and whereabouts: a copy of the newest report, written in the same transaction.
    Status              INTEGER       NOT NULL DEFAULT 0,
    StatusReportId      INTEGER        NULL,
    StatusReportedAt    TEXT  NULL,
    StatusSource        INTEGER       NULL,
    WhereaboutsType     INTEGER       NULL,
    PrefectureCode      INTEGER       NULL,
    Municipality        TEXT  NULL,
    Place               TEXT NULL,
    ContactPhone        TEXT  NULL,
    ContactPhoneKey     TEXT  NULL,
    Version             INTEGER           NOT NULL DEFAULT 0,
    CreatedAt           TEXT  NOT NULL,
    UpdatedAt           TEXT  NOT NULL,
    MergedIntoResidentId INTEGER NULL REFERENCES Residents (ResidentId),
    FirstConfirmedAt TEXT NULL,
    PendingReportId INTEGER NULL,
    PendingStatus INTEGER NULL,
    SearchStamp INTEGER NULL,
    TownId INTEGER NOT NULL REFERENCES Towns (TownId),
    CONSTRAINT UQ_Residents_ResidentNo_TownId UNIQUE (ResidentNo, TownId)
);

INSERT INTO Residents_Rebuilt (ResidentId, ResidentNo, HouseholdId, Relationship, FamilyName, GivenName, FamilyNameKana, GivenNameKana, BirthDate, Sex, District, Address, Phone, PhoneKey, IsVulnerable, VulnerableReason, IsProvisional, FamilyNameKey, GivenNameKey, NameKey, FamilyKanaKey, GivenKanaKey, KanaKey, Status, StatusReportId, StatusReportedAt, StatusSource, WhereaboutsType, PrefectureCode, Municipality, Place, ContactPhone, ContactPhoneKey, Version, CreatedAt, UpdatedAt, MergedIntoResidentId, FirstConfirmedAt, PendingReportId, PendingStatus, SearchStamp, TownId)
SELECT ResidentId, ResidentNo, HouseholdId, Relationship, FamilyName, GivenName, FamilyNameKana, GivenNameKana, BirthDate, Sex, District, Address, Phone, PhoneKey, IsVulnerable, VulnerableReason, IsProvisional, FamilyNameKey, GivenNameKey, NameKey, FamilyKanaKey, GivenKanaKey, KanaKey, Status, StatusReportId, StatusReportedAt, StatusSource, WhereaboutsType, PrefectureCode, Municipality, Place, ContactPhone, ContactPhoneKey, Version, CreatedAt, UpdatedAt, MergedIntoResidentId, FirstConfirmedAt, PendingReportId, PendingStatus, SearchStamp, 1 FROM Residents;

DROP TABLE Residents;
ALTER TABLE Residents_Rebuilt RENAME TO Residents;

-- Households: its indexes and triggers as before.

CREATE TRIGGER TR_Households_IntentionDistrict AFTER UPDATE OF District ON Households
BEGIN
    UPDATE IntentionHouseholds
       SET District = COALESCE(NEW.District, '')
     WHERE HouseholdId = NEW.HouseholdId
       AND District <> COALESCE(NEW.District, '');
END;

CREATE TRIGGER TR_Households_RegisterVersion_Delete AFTER DELETE ON Households
BEGIN
    UPDATE RegisterVersion SET Version = Version + 1 WHERE RegisterVersionId = 1;
END;

CREATE TRIGGER TR_Households_RegisterVersion_Update AFTER UPDATE OF HouseholdNo, District, Address ON Households
BEGIN
    UPDATE RegisterVersion SET Version = Version + 1 WHERE RegisterVersionId = 1;
END;

CREATE TRIGGER TR_Households_SearchStamp AFTER UPDATE OF HouseholdNo ON Households
BEGIN
    UPDATE RegisterVersion SET Version = Version + 1 WHERE RegisterVersionId = 1;
    UPDATE Residents SET SearchStamp = (SELECT Version FROM RegisterVersion WHERE RegisterVersionId = 1)
     WHERE HouseholdId = NEW.HouseholdId;
END;

-- Residents: its indexes and triggers as before.
CREATE INDEX IX_Residents_BirthDate ON Residents (BirthDate);
CREATE INDEX IX_Residents_ContactPhoneKey ON Residents (ContactPhoneKey);
CREATE INDEX IX_Residents_District_Status ON Residents (District, Status);
CREATE INDEX IX_Residents_FamilyKanaKey ON Residents (FamilyKanaKey, GivenKanaKey, BirthDate);
CREATE INDEX IX_Residents_FamilyNameKey ON Residents (FamilyNameKey, GivenNameKey, BirthDate);
CREATE INDEX IX_Residents_FamilyNameKey_GivenKanaKey ON Residents (FamilyNameKey, GivenKanaKey, BirthDate);
CREATE INDEX IX_Residents_GivenKanaKey ON Residents (GivenKanaKey, BirthDate);
CREATE INDEX IX_Residents_GivenNameKey ON Residents (GivenNameKey, BirthDate);
CREATE INDEX IX_Residents_HouseholdId ON Residents (HouseholdId);
CREATE INDEX IX_Residents_IsProvisional ON Residents (IsProvisional, CreatedAt);
CREATE INDEX IX_Residents_KanaKey ON Residents (KanaKey, BirthDate);
CREATE INDEX IX_Residents_MergedIntoResidentId ON Residents (MergedIntoResidentId);
CREATE INDEX IX_Residents_NameKey ON Residents (NameKey, BirthDate);
CREATE INDEX IX_Residents_PendingStatus ON Residents (PendingStatus);
CREATE INDEX IX_Residents_PhoneKey ON Residents (PhoneKey);
CREATE INDEX IX_Residents_PrefectureCode ON Residents (PrefectureCode, Status);
CREATE INDEX IX_Residents_SearchStamp ON Residents (SearchStamp);
CREATE INDEX IX_Residents_Status ON Residents (Status, IsVulnerable);
CREATE INDEX IX_Residents_WhereaboutsType ON Residents (WhereaboutsType, Status);

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

CREATE TRIGGER TR_Residents_IntentionHead AFTER UPDATE OF HouseholdId, Relationship, BirthDate, IsProvisional, MergedIntoResidentId ON Residents
WHEN OLD.HouseholdId IS NOT NEW.HouseholdId OR OLD.Relationship IS NOT NEW.Relationship OR OLD.BirthDate IS NOT NEW.BirthDate
  OR OLD.IsProvisional IS NOT NEW.IsProvisional OR OLD.MergedIntoResidentId IS NOT NEW.MergedIntoResidentId
BEGIN
    UPDATE IntentionHouseholds
       SET (HeadResidentId, Prefecture, Whereabouts, BirthDate) =
           (SELECT v.HeadResidentId, v.Prefecture, v.Whereabouts, v.BirthDate FROM IntentionHeads v WHERE v.HouseholdId = IntentionHouseholds.HouseholdId)
     WHERE HouseholdId IN (OLD.HouseholdId, NEW.HouseholdId);
END;

CREATE TRIGGER TR_Residents_IntentionHead_Delete AFTER DELETE ON Residents
WHEN OLD.HouseholdId IS NOT NULL
BEGIN
    UPDATE IntentionHouseholds
       SET (HeadResidentId, Prefecture, Whereabouts, BirthDate) =
           (SELECT v.HeadResidentId, v.Prefecture, v.Whereabouts, v.BirthDate FROM IntentionHeads v WHERE v.HouseholdId = IntentionHouseholds.HouseholdId)
     WHERE HouseholdId = OLD.HouseholdId;
END;

CREATE TRIGGER TR_Residents_IntentionWhereabouts AFTER UPDATE OF PrefectureCode, WhereaboutsType ON Residents
WHEN NEW.HouseholdId IS NOT NULL
BEGIN
    UPDATE IntentionHouseholds
       SET Prefecture = CAST(NEW.PrefectureCode AS TEXT), Whereabouts = CAST(NEW.WhereaboutsType AS TEXT)
     WHERE HouseholdId = NEW.HouseholdId
       AND HeadResidentId = NEW.ResidentId
       AND (Prefecture IS NOT CAST(NEW.PrefectureCode AS TEXT) OR Whereabouts IS NOT CAST(NEW.WhereaboutsType AS TEXT));
END;

CREATE TRIGGER TR_Residents_RegisterVersion_Delete AFTER DELETE ON Residents
BEGIN
    UPDATE RegisterVersion SET Version = Version + 1 WHERE RegisterVersionId = 1;
END;

CREATE TRIGGER TR_Residents_RegisterVersion_Update AFTER UPDATE OF ResidentNo, HouseholdId, Relationship, FamilyName,
    GivenName, FamilyNameKana, GivenNameKana, BirthDate, Sex, District, Address, Phone, IsVulnerable, VulnerableReason,
    IsProvisional, KanaKey, MergedIntoResidentId ON Residents
BEGIN
    UPDATE RegisterVersion SET Version = Version + 1 WHERE RegisterVersionId = 1;
END;

CREATE TRIGGER TR_Residents_Requests_Update AFTER UPDATE OF District, PrefectureCode, BirthDate ON Residents
BEGIN
    UPDATE Requests
       SET District = COALESCE(NEW.District, ''),
           PrefectureCode = COALESCE(NEW.PrefectureCode, -1),
           AgeBand = CASE WHEN NEW.BirthDate IS NULL THEN -1 ELSE (SELECT CASE
                         WHEN a.Age < 40 THEN 0 WHEN a.Age < 50 THEN 1 WHEN a.Age < 60 THEN 2
                         WHEN a.Age < 70 THEN 3 WHEN a.Age < 80 THEN 4 ELSE 5 END
                   FROM (SELECT CAST(strftime('%Y', Requests.CreatedAt, '+9 hours') AS INTEGER) - CAST(substr(NEW.BirthDate, 1, 4) AS INTEGER)
                                - CASE WHEN strftime('%m-%d', Requests.CreatedAt, '+9 hours') < substr(NEW.BirthDate, 6, 5) THEN 1 ELSE 0 END AS Age) a) END
     WHERE SubjectResidentId = NEW.ResidentId;
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

CREATE TRIGGER TR_Residents_SearchStamp AFTER UPDATE OF ResidentNo, HouseholdId, FamilyName, GivenName, FamilyNameKana,
    GivenNameKana, BirthDate, FamilyNameKey, GivenNameKey, NameKey, FamilyKanaKey, GivenKanaKey, KanaKey,
    MergedIntoResidentId ON Residents
BEGIN
    UPDATE RegisterVersion SET Version = Version + 1 WHERE RegisterVersionId = 1;
    UPDATE Residents SET SearchStamp = (SELECT Version FROM RegisterVersion WHERE RegisterVersionId = 1)
     WHERE ResidentId = NEW.ResidentId;
END;

CREATE INDEX IX_Households_TownId ON Households (TownId);
CREATE INDEX IX_Residents_TownId ON Residents (TownId);

PRAGMA legacy_alter_table = OFF;

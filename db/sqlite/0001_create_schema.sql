-- Core schema for SQLite; the same tables, columns and indexes as db/sqlserver/0001_create_schema.sql.
-- TEXT compares with the BINARY collation by default, as the normalized keys need. Times are UTC text.

CREATE TABLE Settings (
    Name        TEXT NOT NULL PRIMARY KEY,
    Value       TEXT NULL
);

CREATE TABLE Users (
    UserId              INTEGER PRIMARY KEY,
    UserName            TEXT  NOT NULL,
    DisplayName         TEXT NOT NULL,
    Role                INTEGER       NOT NULL,
    Site                TEXT  NULL,
    PasswordHash        TEXT NOT NULL,
    IsDisabled          INTEGER           NOT NULL DEFAULT 0,
    FailedSignIns       INTEGER           NOT NULL DEFAULT 0,
    LockedUntil         TEXT  NULL,
    PasswordChangedAt   TEXT  NULL,
    CreatedAt           TEXT  NOT NULL,
    CONSTRAINT UQ_Users_UserName UNIQUE (UserName)
);

CREATE TABLE Households (
    HouseholdId     INTEGER PRIMARY KEY,
    HouseholdNo     TEXT  NOT NULL,
    District        TEXT  NULL,
    Address         TEXT NULL,
    CreatedAt       TEXT  NOT NULL,
    UpdatedAt       TEXT  NOT NULL,
    CONSTRAINT UQ_Households_HouseholdNo UNIQUE (HouseholdNo)
);

CREATE TABLE Residents (
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
    CONSTRAINT UQ_Residents_ResidentNo UNIQUE (ResidentNo)
);

CREATE INDEX IX_Residents_HouseholdId ON Residents (HouseholdId);
CREATE INDEX IX_Residents_FamilyKanaKey ON Residents (FamilyKanaKey, GivenKanaKey);
CREATE INDEX IX_Residents_GivenKanaKey ON Residents (GivenKanaKey);
CREATE INDEX IX_Residents_KanaKey ON Residents (KanaKey, BirthDate);
CREATE INDEX IX_Residents_FamilyNameKey ON Residents (FamilyNameKey, GivenNameKey);
CREATE INDEX IX_Residents_GivenNameKey ON Residents (GivenNameKey);
CREATE INDEX IX_Residents_NameKey ON Residents (NameKey, BirthDate);
CREATE INDEX IX_Residents_BirthDate ON Residents (BirthDate);
CREATE INDEX IX_Residents_PhoneKey ON Residents (PhoneKey);
CREATE INDEX IX_Residents_ContactPhoneKey ON Residents (ContactPhoneKey);
CREATE INDEX IX_Residents_District_Status ON Residents (District, Status);
CREATE INDEX IX_Residents_Status ON Residents (Status, IsVulnerable);

CREATE TABLE Calls (
    CallId              INTEGER PRIMARY KEY,
    Direction           INTEGER       NOT NULL,
    CallerName          TEXT NULL,
    CallerPhone         TEXT  NULL,
    CallerPhoneKey      TEXT  NULL,
    CallerRelation      TEXT  NULL,
    OperatorUserId      INTEGER           NULL REFERENCES Users (UserId),
    Site                TEXT  NULL,
    StartedAt           TEXT  NOT NULL,
    EndedAt             TEXT  NULL,
    Note                TEXT NULL
);

CREATE INDEX IX_Calls_StartedAt ON Calls (StartedAt);
CREATE INDEX IX_Calls_OperatorUserId ON Calls (OperatorUserId, StartedAt);

-- Append-only: rows are inserted, never updated or deleted.
CREATE TABLE SafetyReports (
    ReportId                INTEGER PRIMARY KEY,
    ResidentId              INTEGER           NOT NULL REFERENCES Residents (ResidentId),
    CallId                  INTEGER        NULL REFERENCES Calls (CallId),
    Status                  INTEGER       NOT NULL,
    Source                  INTEGER       NOT NULL,
    WhereaboutsType         INTEGER       NULL,
    PrefectureCode          INTEGER       NULL,
    Municipality            TEXT  NULL,
    Place                   TEXT NULL,
    ContactPhone            TEXT  NULL,
    ContactPhoneKey         TEXT  NULL,
    ConsentRelatives        INTEGER           NULL,
    ConsentAcquaintances    INTEGER           NULL,
    ConsentPublic           INTEGER           NULL,
    ReporterName            TEXT NULL,
    ReporterRelation        TEXT  NULL,
    OperatorUserId          INTEGER           NULL REFERENCES Users (UserId),
    ReportedAt              TEXT  NOT NULL,
    RecordedAt              TEXT  NOT NULL,
    Note                    TEXT NULL
);

CREATE INDEX IX_SafetyReports_ResidentId ON SafetyReports (ResidentId, ReportedAt);
CREATE INDEX IX_SafetyReports_CallId ON SafetyReports (CallId);
CREATE INDEX IX_SafetyReports_RecordedAt ON SafetyReports (RecordedAt);

CREATE TABLE Facilities (
    FacilityId          INTEGER PRIMARY KEY,
    Name                TEXT NOT NULL,
    Kind                INTEGER       NOT NULL,
    PrefectureCode      INTEGER       NULL,
    Municipality        TEXT  NULL,
    Address             TEXT NULL,
    Phone               TEXT  NULL,
    IsOpen              INTEGER           NOT NULL DEFAULT 1,
    CONSTRAINT UQ_Facilities_Name UNIQUE (Name)
);

-- Append-only audit trail.
CREATE TABLE AuditLog (
    AuditId         INTEGER PRIMARY KEY,
    OccurredAt      TEXT  NOT NULL,
    UserId          INTEGER           NULL,
    UserName        TEXT  NULL,
    Site            TEXT  NULL,
    Action          TEXT  NOT NULL,
    TargetType      TEXT  NULL,
    TargetId        TEXT  NULL,
    ResidentId      INTEGER           NULL,
    Details         TEXT NULL
);

CREATE INDEX IX_AuditLog_OccurredAt ON AuditLog (OccurredAt);
CREATE INDEX IX_AuditLog_UserId ON AuditLog (UserId, OccurredAt);
CREATE INDEX IX_AuditLog_ResidentId ON AuditLog (ResidentId, OccurredAt);
CREATE INDEX IX_AuditLog_Action ON AuditLog (Action, OccurredAt);

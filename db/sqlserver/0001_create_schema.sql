-- Core schema for SQL Server. Text is NVARCHAR throughout. Normalized search keys and identifiers
-- (resident and household numbers, user names, setting names) use a binary collation, so that they compare
-- exactly as on SQLite (a Japanese_CI_AS default would make ０１２３ equal 0123) and range scans use the index.
-- Times are UTC.

CREATE TABLE dbo.Settings (
    Name        NVARCHAR(100) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT PK_Settings PRIMARY KEY,
    Value       NVARCHAR(1000) NULL
);

CREATE TABLE dbo.Users (
    UserId              INT IDENTITY(1,1) NOT NULL CONSTRAINT PK_Users PRIMARY KEY,
    UserName            NVARCHAR(50)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    DisplayName         NVARCHAR(100) NOT NULL,
    Role                TINYINT       NOT NULL,
    Site                NVARCHAR(50)  NULL,
    PasswordHash        NVARCHAR(400) NOT NULL,
    IsDisabled          BIT           NOT NULL CONSTRAINT DF_Users_IsDisabled DEFAULT 0,
    FailedSignIns       INT           NOT NULL CONSTRAINT DF_Users_FailedSignIns DEFAULT 0,
    LockedUntil         DATETIME2(3)  NULL,
    PasswordChangedAt   DATETIME2(3)  NULL,
    CreatedAt           DATETIME2(3)  NOT NULL,
    CONSTRAINT UQ_Users_UserName UNIQUE (UserName)
);

CREATE TABLE dbo.Households (
    HouseholdId     INT IDENTITY(1,1) NOT NULL CONSTRAINT PK_Households PRIMARY KEY,
    HouseholdNo     NVARCHAR(20)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    District        NVARCHAR(50)  NULL,
    Address         NVARCHAR(200) NULL,
    CreatedAt       DATETIME2(3)  NOT NULL,
    UpdatedAt       DATETIME2(3)  NOT NULL,
    CONSTRAINT UQ_Households_HouseholdNo UNIQUE (HouseholdNo)
);

CREATE TABLE dbo.Residents (
    ResidentId          INT IDENTITY(1,1) NOT NULL CONSTRAINT PK_Residents PRIMARY KEY,
    ResidentNo          NVARCHAR(20)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    HouseholdId         INT           NULL CONSTRAINT FK_Residents_Households REFERENCES dbo.Households (HouseholdId),
    Relationship        NVARCHAR(20)  NULL,
    FamilyName          NVARCHAR(50)  NOT NULL,
    GivenName           NVARCHAR(50)  NOT NULL,
    FamilyNameKana      NVARCHAR(50)  NOT NULL,
    GivenNameKana       NVARCHAR(50)  NOT NULL,
    BirthDate           DATE          NULL,
    Sex                 TINYINT       NOT NULL CONSTRAINT DF_Residents_Sex DEFAULT 0,
    District            NVARCHAR(50)  NULL,
    Address             NVARCHAR(200) NULL,
    Phone               NVARCHAR(30)  NULL,
    PhoneKey            NVARCHAR(20)  COLLATE Latin1_General_100_BIN2 NULL,
    IsVulnerable        BIT           NOT NULL CONSTRAINT DF_Residents_IsVulnerable DEFAULT 0,
    VulnerableReason    NVARCHAR(200) NULL,
    IsProvisional       BIT           NOT NULL CONSTRAINT DF_Residents_IsProvisional DEFAULT 0,
    FamilyNameKey       NVARCHAR(50)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    GivenNameKey        NVARCHAR(50)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    NameKey             NVARCHAR(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
    FamilyKanaKey       NVARCHAR(50)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    GivenKanaKey        NVARCHAR(50)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    KanaKey             NVARCHAR(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
    -- Current status and whereabouts: a copy of the newest report, written in the same transaction.
    Status              TINYINT       NOT NULL CONSTRAINT DF_Residents_Status DEFAULT 0,
    StatusReportId      BIGINT        NULL,
    StatusReportedAt    DATETIME2(3)  NULL,
    StatusSource        TINYINT       NULL,
    WhereaboutsType     TINYINT       NULL,
    PrefectureCode      TINYINT       NULL,
    Municipality        NVARCHAR(50)  NULL,
    Place               NVARCHAR(200) NULL,
    ContactPhone        NVARCHAR(30)  NULL,
    ContactPhoneKey     NVARCHAR(20)  COLLATE Latin1_General_100_BIN2 NULL,
    Version             INT           NOT NULL CONSTRAINT DF_Residents_Version DEFAULT 0,
    CreatedAt           DATETIME2(3)  NOT NULL,
    UpdatedAt           DATETIME2(3)  NOT NULL,
    CONSTRAINT UQ_Residents_ResidentNo UNIQUE (ResidentNo)
);

CREATE INDEX IX_Residents_HouseholdId ON dbo.Residents (HouseholdId);
CREATE INDEX IX_Residents_FamilyKanaKey ON dbo.Residents (FamilyKanaKey, GivenKanaKey);
CREATE INDEX IX_Residents_GivenKanaKey ON dbo.Residents (GivenKanaKey);
CREATE INDEX IX_Residents_KanaKey ON dbo.Residents (KanaKey, BirthDate);
CREATE INDEX IX_Residents_FamilyNameKey ON dbo.Residents (FamilyNameKey, GivenNameKey);
CREATE INDEX IX_Residents_GivenNameKey ON dbo.Residents (GivenNameKey);
CREATE INDEX IX_Residents_NameKey ON dbo.Residents (NameKey, BirthDate);
CREATE INDEX IX_Residents_BirthDate ON dbo.Residents (BirthDate);
CREATE INDEX IX_Residents_PhoneKey ON dbo.Residents (PhoneKey);
CREATE INDEX IX_Residents_ContactPhoneKey ON dbo.Residents (ContactPhoneKey);
CREATE INDEX IX_Residents_District_Status ON dbo.Residents (District, Status);
CREATE INDEX IX_Residents_Status ON dbo.Residents (Status, IsVulnerable);

CREATE TABLE dbo.Calls (
    CallId              BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT PK_Calls PRIMARY KEY,
    Direction           TINYINT       NOT NULL,
    CallerName          NVARCHAR(100) NULL,
    CallerPhone         NVARCHAR(30)  NULL,
    CallerPhoneKey      NVARCHAR(20)  COLLATE Latin1_General_100_BIN2 NULL,
    CallerRelation      NVARCHAR(50)  NULL,
    OperatorUserId      INT           NULL CONSTRAINT FK_Calls_Users REFERENCES dbo.Users (UserId),
    Site                NVARCHAR(50)  NULL,
    StartedAt           DATETIME2(3)  NOT NULL,
    EndedAt             DATETIME2(3)  NULL,
    Note                NVARCHAR(2000) NULL
);

CREATE INDEX IX_Calls_StartedAt ON dbo.Calls (StartedAt);
CREATE INDEX IX_Calls_OperatorUserId ON dbo.Calls (OperatorUserId, StartedAt);

-- Append-only: rows are inserted, never updated or deleted.
CREATE TABLE dbo.SafetyReports (
    ReportId                BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT PK_SafetyReports PRIMARY KEY,
    ResidentId              INT           NOT NULL CONSTRAINT FK_SafetyReports_Residents REFERENCES dbo.Residents (ResidentId),
    CallId                  BIGINT        NULL CONSTRAINT FK_SafetyReports_Calls REFERENCES dbo.Calls (CallId),
    Status                  TINYINT       NOT NULL,
    Source                  TINYINT       NOT NULL,
    WhereaboutsType         TINYINT       NULL,
    PrefectureCode          TINYINT       NULL,
    Municipality            NVARCHAR(50)  NULL,
    Place                   NVARCHAR(200) NULL,
    ContactPhone            NVARCHAR(30)  NULL,
    ContactPhoneKey         NVARCHAR(20)  COLLATE Latin1_General_100_BIN2 NULL,
    ConsentRelatives        BIT           NULL,
    ConsentAcquaintances    BIT           NULL,
    ConsentPublic           BIT           NULL,
    ReporterName            NVARCHAR(100) NULL,
    ReporterRelation        NVARCHAR(50)  NULL,
    OperatorUserId          INT           NULL CONSTRAINT FK_SafetyReports_Users REFERENCES dbo.Users (UserId),
    ReportedAt              DATETIME2(3)  NOT NULL,
    RecordedAt              DATETIME2(3)  NOT NULL,
    Note                    NVARCHAR(2000) NULL
);

CREATE INDEX IX_SafetyReports_ResidentId ON dbo.SafetyReports (ResidentId, ReportedAt);
CREATE INDEX IX_SafetyReports_CallId ON dbo.SafetyReports (CallId);
CREATE INDEX IX_SafetyReports_RecordedAt ON dbo.SafetyReports (RecordedAt);

CREATE TABLE dbo.Facilities (
    FacilityId          INT IDENTITY(1,1) NOT NULL CONSTRAINT PK_Facilities PRIMARY KEY,
    Name                NVARCHAR(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
    Kind                TINYINT       NOT NULL,
    PrefectureCode      TINYINT       NULL,
    Municipality        NVARCHAR(50)  NULL,
    Address             NVARCHAR(200) NULL,
    Phone               NVARCHAR(30)  NULL,
    IsOpen              BIT           NOT NULL CONSTRAINT DF_Facilities_IsOpen DEFAULT 1,
    CONSTRAINT UQ_Facilities_Name UNIQUE (Name)
);

-- Append-only audit trail.
CREATE TABLE dbo.AuditLog (
    AuditId         BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT PK_AuditLog PRIMARY KEY,
    OccurredAt      DATETIME2(3)  NOT NULL,
    UserId          INT           NULL,
    UserName        NVARCHAR(50)  NULL,
    Site            NVARCHAR(50)  NULL,
    Action          NVARCHAR(50)  NOT NULL,
    TargetType      NVARCHAR(30)  NULL,
    TargetId        NVARCHAR(50)  NULL,
    ResidentId      INT           NULL,
    Details         NVARCHAR(MAX) NULL
);

CREATE INDEX IX_AuditLog_OccurredAt ON dbo.AuditLog (OccurredAt);
CREATE INDEX IX_AuditLog_UserId ON dbo.AuditLog (UserId, OccurredAt);
CREATE INDEX IX_AuditLog_ResidentId ON dbo.AuditLog (ResidentId, OccurredAt);
CREATE INDEX IX_AuditLog_Action ON dbo.AuditLog (Action, OccurredAt);

-- Outbound calling (発信): a queue of households built from rules, claims so that no two operators call the same
-- household at once, call attempts with their outcomes, numbers found wrong, and district and list assignments.
-- The same tables, columns and indexes as db/sqlite/0007_add_outbound.sql.

-- The worklist as last built from the rules (rebuilt set-based, never row by row): one row per household that
-- needs a call. Priority 1 unconfirmed with a priority reason, 2 unconfirmed, 3 re-confirmation with a reason,
-- 4 re-confirmation, 9 no known number. Reasons is a bit set (1 vulnerable, 2 old, 4 alone, 8 infant).
CREATE TABLE dbo.OutboundQueue (
    HouseholdId     INT           NOT NULL CONSTRAINT PK_OutboundQueue PRIMARY KEY
                                  CONSTRAINT FK_OutboundQueue_Households REFERENCES dbo.Households (HouseholdId),
    Priority        TINYINT       NOT NULL,
    Reasons         INT           NOT NULL,
    District        NVARCHAR(50)  NULL,
    Tries           INT           NOT NULL CONSTRAINT DF_OutboundQueue_Tries DEFAULT 0
);

CREATE INDEX IX_OutboundQueue_Priority ON dbo.OutboundQueue (Priority, Tries, HouseholdId);
CREATE INDEX IX_OutboundQueue_District ON dbo.OutboundQueue (District, Priority, Tries, HouseholdId);

-- What the calling has done to a household so far (kept across rebuilds of the queue).
-- Escalation: 0 none, 1 every number tried K times, 2 every number wrong or out of service (要対応).
CREATE TABLE dbo.OutboundHouseholds (
    HouseholdId     INT           NOT NULL CONSTRAINT PK_OutboundHouseholds PRIMARY KEY
                                  CONSTRAINT FK_OutboundHouseholds_Households REFERENCES dbo.Households (HouseholdId),
    Attempts        INT           NOT NULL CONSTRAINT DF_OutboundHouseholds_Attempts DEFAULT 0,
    LastAttemptAt   DATETIME2(3)  NULL,
    LastOutcome     TINYINT       NULL,
    NextAttemptAt   DATETIME2(3)  NULL,
    CallbackAt      DATETIME2(3)  NULL,
    CallbackUserId  INT           NULL CONSTRAINT FK_OutboundHouseholds_Users REFERENCES dbo.Users (UserId),
    Escalation      TINYINT       NOT NULL CONSTRAINT DF_OutboundHouseholds_Escalation DEFAULT 0,
    EscalatedAt     DATETIME2(3)  NULL,
    IsRefused       BIT           NOT NULL CONSTRAINT DF_OutboundHouseholds_IsRefused DEFAULT 0,
    CountFrom       DATETIME2(3)  NULL,
    UpdatedAt       DATETIME2(3)  NOT NULL
);

CREATE INDEX IX_OutboundHouseholds_CallbackAt ON dbo.OutboundHouseholds (CallbackAt);
CREATE INDEX IX_OutboundHouseholds_Escalation ON dbo.OutboundHouseholds (Escalation, EscalatedAt);

-- Who is calling a household right now. The primary key is what makes a claim exclusive: a second claim of the
-- same household is an insert that fails. A row whose ExpiresAt has passed is free to be taken over.
CREATE TABLE dbo.OutboundClaims (
    HouseholdId     INT           NOT NULL CONSTRAINT PK_OutboundClaims PRIMARY KEY
                                  CONSTRAINT FK_OutboundClaims_Households REFERENCES dbo.Households (HouseholdId),
    UserId          INT           NOT NULL CONSTRAINT FK_OutboundClaims_Users REFERENCES dbo.Users (UserId),
    Site            NVARCHAR(50)  NULL,
    ClaimedAt       DATETIME2(3)  NOT NULL,
    ExpiresAt       DATETIME2(3)  NOT NULL
);

CREATE INDEX IX_OutboundClaims_UserId ON dbo.OutboundClaims (UserId, ExpiresAt);
CREATE INDEX IX_OutboundClaims_ExpiresAt ON dbo.OutboundClaims (ExpiresAt);

-- Append-only: one row per number dialed.
CREATE TABLE dbo.OutboundAttempts (
    AttemptId       BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT PK_OutboundAttempts PRIMARY KEY,
    HouseholdId     INT           NOT NULL CONSTRAINT FK_OutboundAttempts_Households REFERENCES dbo.Households (HouseholdId),
    Phone           NVARCHAR(30)  NOT NULL,
    PhoneKey        NVARCHAR(20)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    Outcome         TINYINT       NOT NULL,
    CallbackAt      DATETIME2(3)  NULL,
    UserId          INT           NULL CONSTRAINT FK_OutboundAttempts_Users REFERENCES dbo.Users (UserId),
    Site            NVARCHAR(50)  NULL,
    AttemptedAt     DATETIME2(3)  NOT NULL,
    Note            NVARCHAR(500) NULL
);

CREATE INDEX IX_OutboundAttempts_HouseholdId ON dbo.OutboundAttempts (HouseholdId, AttemptedAt);
CREATE INDEX IX_OutboundAttempts_AttemptedAt ON dbo.OutboundAttempts (AttemptedAt, Outcome);

-- Numbers found wrong (番号違い) or out of service (不通) for a household: skipped from then on.
CREATE TABLE dbo.OutboundBadNumbers (
    HouseholdId     INT           NOT NULL CONSTRAINT FK_OutboundBadNumbers_Households REFERENCES dbo.Households (HouseholdId),
    PhoneKey        NVARCHAR(20)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    Outcome         TINYINT       NOT NULL,
    UserId          INT           NULL CONSTRAINT FK_OutboundBadNumbers_Users REFERENCES dbo.Users (UserId),
    MarkedAt        DATETIME2(3)  NOT NULL,
    CONSTRAINT PK_OutboundBadNumbers PRIMARY KEY (HouseholdId, PhoneKey)
);

-- A district given to an operator or a site: its households go only to them, and before anything else.
CREATE TABLE dbo.OutboundAssignments (
    AssignmentId    INT IDENTITY(1,1) NOT NULL CONSTRAINT PK_OutboundAssignments PRIMARY KEY,
    District        NVARCHAR(50)  NOT NULL,
    UserId          INT           NULL CONSTRAINT FK_OutboundAssignments_Users REFERENCES dbo.Users (UserId),
    Site            NVARCHAR(50)  NULL,
    CreatedAt       DATETIME2(3)  NOT NULL,
    CreatedBy       NVARCHAR(50)  NULL
);

CREATE INDEX IX_OutboundAssignments_District ON dbo.OutboundAssignments (District);

-- A list of households (a 仮設住宅 block, a shelter's list) given to an operator or a site: one row per household, so
-- a household is on one list at most (assigning it to another list moves it). A household on a list goes only to the
-- list's operator or site, before anything else, whatever its district's assignment says.
CREATE TABLE dbo.OutboundListAssignments (
    HouseholdId     INT           NOT NULL CONSTRAINT PK_OutboundListAssignments PRIMARY KEY
                                  CONSTRAINT FK_OutboundListAssignments_Households REFERENCES dbo.Households (HouseholdId),
    ListName        NVARCHAR(50)  NOT NULL,
    UserId          INT           NULL CONSTRAINT FK_OutboundListAssignments_Users REFERENCES dbo.Users (UserId),
    Site            NVARCHAR(50)  NULL,
    CreatedAt       DATETIME2(3)  NOT NULL,
    CreatedBy       NVARCHAR(50)  NULL
);

CREATE INDEX IX_OutboundListAssignments_ListName ON dbo.OutboundListAssignments (ListName);
CREATE INDEX IX_OutboundListAssignments_UserId ON dbo.OutboundListAssignments (UserId);
CREATE INDEX IX_OutboundListAssignments_Site ON dbo.OutboundListAssignments (Site);

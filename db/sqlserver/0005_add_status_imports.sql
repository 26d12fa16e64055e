-- Status-list import: lists from shelters and other offices, one batch per committed file, and one row per
-- list line (matched rows too), so that a line imported once is never reported twice (the ImportKey is unique)
-- and the lines that could not be matched wait in the review queue for an operator.

CREATE TABLE dbo.StatusImports (
    StatusImportId      INT IDENTITY(1,1) NOT NULL CONSTRAINT PK_StatusImports PRIMARY KEY,
    FileName            NVARCHAR(260) NOT NULL,
    FileSha256          NVARCHAR(64)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    Source              TINYINT       NOT NULL,
    Encoding            NVARCHAR(20)  NOT NULL,
    TotalRows           INT           NOT NULL,
    MatchedRows         INT           NOT NULL,
    QueuedRows          INT           NOT NULL,
    AlreadyImportedRows INT           NOT NULL,
    UploadedByUserId    INT           NULL CONSTRAINT FK_StatusImports_Users REFERENCES dbo.Users (UserId),
    UploadedByName      NVARCHAR(50)  NULL,
    CommittedAt         DATETIME2(3)  NOT NULL
);

CREATE INDEX IX_StatusImports_FileSha256 ON dbo.StatusImports (FileSha256);
CREATE INDEX IX_StatusImports_CommittedAt ON dbo.StatusImports (CommittedAt);

-- MatchState: 1 matched, 2 ambiguous, 3 unmatched (2 and 3 wait for review), 4 resolved (an operator chose the
-- person), 5 provisional (an operator created a provisional person), 6 skipped.
CREATE TABLE dbo.StatusImportRows (
    StatusImportRowId   INT IDENTITY(1,1) NOT NULL CONSTRAINT PK_StatusImportRows PRIMARY KEY,
    StatusImportId      INT           NOT NULL CONSTRAINT FK_StatusImportRows_StatusImports REFERENCES dbo.StatusImports (StatusImportId),
    Line                INT           NOT NULL,
    ImportKey           NVARCHAR(64)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    ResidentNo          NVARCHAR(20)  NULL,
    FamilyName          NVARCHAR(50)  NOT NULL,
    GivenName           NVARCHAR(50)  NOT NULL,
    FamilyNameKana      NVARCHAR(50)  NOT NULL,
    GivenNameKana       NVARCHAR(50)  NOT NULL,
    BirthDate           DATE          NULL,
    Sex                 TINYINT       NOT NULL,
    District            NVARCHAR(50)  NULL,
    Address             NVARCHAR(200) NULL,
    Status              TINYINT       NOT NULL,
    WhereaboutsType     TINYINT       NULL,
    PrefectureCode      TINYINT       NULL,
    Municipality        NVARCHAR(50)  NULL,
    Place               NVARCHAR(200) NULL,
    ContactPhone        NVARCHAR(30)  NULL,
    ReportedAt          DATETIME2(3)  NOT NULL,
    MatchState          TINYINT       NOT NULL,
    Reason              NVARCHAR(200) NULL,
    CandidateIds        NVARCHAR(200) NULL,
    ResidentId          INT           NULL CONSTRAINT FK_StatusImportRows_Residents REFERENCES dbo.Residents (ResidentId),
    ReportId            BIGINT        NULL CONSTRAINT FK_StatusImportRows_SafetyReports REFERENCES dbo.SafetyReports (ReportId),
    ResolvedByUserId    INT           NULL CONSTRAINT FK_StatusImportRows_Users REFERENCES dbo.Users (UserId),
    ResolvedByName      NVARCHAR(50)  NULL,
    ResolvedAt          DATETIME2(3)  NULL,
    SkipReason          NVARCHAR(200) NULL
);

CREATE UNIQUE INDEX UX_StatusImportRows_ImportKey ON dbo.StatusImportRows (ImportKey);
CREATE INDEX IX_StatusImportRows_StatusImportId ON dbo.StatusImportRows (StatusImportId, Line);
CREATE INDEX IX_StatusImportRows_MatchState ON dbo.StatusImportRows (MatchState, StatusImportRowId);
CREATE INDEX IX_StatusImportRows_ResidentId ON dbo.StatusImportRows (ResidentId);

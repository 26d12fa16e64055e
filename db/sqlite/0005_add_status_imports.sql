-- Status-list import: lists from shelters and other offices, one batch per committed file, and one row per
-- list line (matched rows too), so that a line imported once is never reported twice (the ImportKey is unique)
-- and the lines that could not be matched wait in the review queue for an operator.

CREATE TABLE StatusImports (
    StatusImportId      INTEGER PRIMARY KEY,
    FileName            TEXT    NOT NULL,
    FileSha256          TEXT    NOT NULL,
    Source              INTEGER NOT NULL,
    Encoding            TEXT    NOT NULL,
    TotalRows           INTEGER NOT NULL,
    MatchedRows         INTEGER NOT NULL,
    QueuedRows          INTEGER NOT NULL,
    AlreadyImportedRows INTEGER NOT NULL,
    UploadedByUserId    INTEGER NULL REFERENCES Users (UserId),
    UploadedByName      TEXT    NULL,
    CommittedAt         TEXT    NOT NULL
);

CREATE INDEX IX_StatusImports_FileSha256 ON StatusImports (FileSha256);
CREATE INDEX IX_StatusImports_CommittedAt ON StatusImports (CommittedAt);

-- MatchState: 1 matched, 2 ambiguous, 3 unmatched (2 and 3 wait for review), 4 resolved (an operator chose the
-- person), 5 provisional (an operator created a provisional person), 6 skipped.
CREATE TABLE StatusImportRows (
    StatusImportRowId   INTEGER PRIMARY KEY,
    StatusImportId      INTEGER NOT NULL REFERENCES StatusImports (StatusImportId),
    Line                INTEGER NOT NULL,
    ImportKey           TEXT    NOT NULL,
    ResidentNo          TEXT    NULL,
    FamilyName          TEXT    NOT NULL,
    GivenName           TEXT    NOT NULL,
    FamilyNameKana      TEXT    NOT NULL,
    GivenNameKana       TEXT    NOT NULL,
    BirthDate           TEXT    NULL,
    Sex                 INTEGER NOT NULL,
    District            TEXT    NULL,
    Address             TEXT    NULL,
    Status              INTEGER NOT NULL,
    WhereaboutsType     INTEGER NULL,
    PrefectureCode      INTEGER NULL,
    Municipality        TEXT    NULL,
    Place               TEXT    NULL,
    ContactPhone        TEXT    NULL,
    ReportedAt          TEXT    NOT NULL,
    MatchState          INTEGER NOT NULL,
    Reason              TEXT    NULL,
    CandidateIds        TEXT    NULL,
    ResidentId          INTEGER NULL REFERENCES Residents (ResidentId),
    ReportId            INTEGER NULL REFERENCES SafetyReports (ReportId),
    ResolvedByUserId    INTEGER NULL REFERENCES Users (UserId),
    ResolvedByName      TEXT    NULL,
    ResolvedAt          TEXT    NULL,
    SkipReason          TEXT    NULL
);

CREATE UNIQUE INDEX UX_StatusImportRows_ImportKey ON StatusImportRows (ImportKey);
CREATE INDEX IX_StatusImportRows_StatusImportId ON StatusImportRows (StatusImportId, Line);
CREATE INDEX IX_StatusImportRows_MatchState ON StatusImportRows (MatchState, StatusImportRowId);
CREATE INDEX IX_StatusImportRows_ResidentId ON StatusImportRows (ResidentId);

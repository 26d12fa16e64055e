-- Operator console: persons discussed in a call, merged provisional persons, who has a resident open.

-- A provisional person (仮登録) merged into a registered resident keeps its own reports; the resident
-- page shows them with the resident's history.
ALTER TABLE dbo.Residents ADD MergedIntoResidentId INT NULL
    CONSTRAINT FK_Residents_MergedInto REFERENCES dbo.Residents (ResidentId);

CREATE INDEX IX_Residents_MergedIntoResidentId ON dbo.Residents (MergedIntoResidentId);
CREATE INDEX IX_Residents_IsProvisional ON dbo.Residents (IsProvisional, CreatedAt);

-- 佐藤 はなこ: the family name as written, the given name as heard.
CREATE INDEX IX_Residents_FamilyNameKey_GivenKanaKey ON dbo.Residents (FamilyNameKey, GivenKanaKey);

-- Every person a call was about, whether or not a report was made.
CREATE TABLE dbo.CallResidents (
    CallId          BIGINT        NOT NULL CONSTRAINT FK_CallResidents_Calls REFERENCES dbo.Calls (CallId),
    ResidentId      INT           NOT NULL CONSTRAINT FK_CallResidents_Residents REFERENCES dbo.Residents (ResidentId),
    CONSTRAINT PK_CallResidents PRIMARY KEY (CallId, ResidentId)
);

CREATE INDEX IX_CallResidents_ResidentId ON dbo.CallResidents (ResidentId, CallId);

-- Who has a resident's page open right now (a heartbeat every few seconds), so that two operators do not
-- work on the same person without knowing.
CREATE TABLE dbo.ResidentViews (
    ResidentId      INT           NOT NULL,
    SessionId       NVARCHAR(64)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    UserName        NVARCHAR(50)  NULL,
    DisplayName     NVARCHAR(100) NULL,
    Site            NVARCHAR(50)  NULL,
    SeenAt          DATETIME2(3)  NOT NULL,
    CONSTRAINT PK_ResidentViews PRIMARY KEY (ResidentId, SessionId)
);

-- Operator console: persons discussed in a call, merged provisional persons, who has a resident open.

-- A provisional person (仮登録) merged into a registered resident keeps its own reports; the resident
-- page shows them with the resident's history.
ALTER TABLE Residents ADD MergedIntoResidentId INTEGER NULL REFERENCES Residents (ResidentId);

CREATE INDEX IX_Residents_MergedIntoResidentId ON Residents (MergedIntoResidentId);
CREATE INDEX IX_Residents_IsProvisional ON Residents (IsProvisional, CreatedAt);

-- 佐藤 はなこ: the family name as written, the given name as heard.
CREATE INDEX IX_Residents_FamilyNameKey_GivenKanaKey ON Residents (FamilyNameKey, GivenKanaKey);

-- Every person a call was about, whether or not a report was made.
CREATE TABLE CallResidents (
    CallId          INTEGER NOT NULL REFERENCES Calls (CallId),
    ResidentId      INTEGER NOT NULL REFERENCES Residents (ResidentId),
    CONSTRAINT PK_CallResidents PRIMARY KEY (CallId, ResidentId)
);

CREATE INDEX IX_CallResidents_ResidentId ON CallResidents (ResidentId, CallId);

-- Who has a resident's page open right now (a heartbeat every few seconds), so that two operators do not
-- work on the same person without knowing.
CREATE TABLE ResidentViews (
    ResidentId      INTEGER NOT NULL,
    SessionId       TEXT NOT NULL,
    UserName        TEXT NULL,
    DisplayName     TEXT NULL,
    Site            TEXT NULL,
    SeenAt          TEXT NOT NULL,
    CONSTRAINT PK_ResidentViews PRIMARY KEY (ResidentId, SessionId)
);

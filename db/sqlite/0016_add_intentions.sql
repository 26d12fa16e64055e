-- The household intention survey (帰還意向): rounds created by supervisors (「2026年度」), dated answers per household
-- (from a call, a postal return, the counter or the web), the latest answer of a household in a round counting.
-- The same tables as db/sqlserver/0016_add_intentions.sql.
CREATE TABLE SurveyRounds (
    RoundId             INTEGER PRIMARY KEY,
    Name                TEXT NOT NULL,
    CreatedAt           TEXT NOT NULL,
    CreatedBy           INTEGER NULL REFERENCES Users (UserId),
    -- NULL while the round takes answers; the current round is the newest open one.
    ClosedAt            TEXT NULL,
    CONSTRAINT UQ_SurveyRounds_Name UNIQUE (Name)
);

-- Intention: 1 戻りたいと考えている, 2 まだ判断がつかない, 3 戻らないと決めている, 4 既に町内で生活している.
-- Needs (判断に必要なこと) and Reasons (戻らない理由) are bit sets over their fixed lists, in the order the survey
-- gives them (bit 0 = the first); Housing: 1 復興公営住宅, 2 持ち家, 3 賃貸, 4 未定; Channel: 1 電話, 2 郵送, 3 窓口, 4 Web.
-- Every answer is kept; HouseholdIntentions names the one that counts.
CREATE TABLE IntentionAnswers (
    AnswerId            INTEGER PRIMARY KEY,
    RoundId             INTEGER NOT NULL REFERENCES SurveyRounds (RoundId),
    HouseholdId         INTEGER NOT NULL REFERENCES Households (HouseholdId),
    AnsweredOn          TEXT NOT NULL,
    Intention           INTEGER NOT NULL,
    Needs               INTEGER NOT NULL DEFAULT 0,
    Reasons             INTEGER NOT NULL DEFAULT 0,
    Housing             INTEGER NULL,
    Respondent          TEXT NULL,
    Channel             INTEGER NOT NULL,
    CallId              INTEGER NULL REFERENCES Calls (CallId),
    RecordedAt          TEXT NOT NULL,
    RecordedBy          INTEGER NULL REFERENCES Users (UserId)
);

CREATE INDEX IX_IntentionAnswers_HouseholdId ON IntentionAnswers (HouseholdId, RoundId, AnsweredOn);
CREATE INDEX IX_IntentionAnswers_RoundId ON IntentionAnswers (RoundId, AnsweredOn);

-- The answer that counts for each household in a round: the latest by AnsweredOn (a later recording wins a tie),
-- written in the same transaction as the answer. Intention is copied so summaries need not read IntentionAnswers.
CREATE TABLE HouseholdIntentions (
    RoundId             INTEGER NOT NULL REFERENCES SurveyRounds (RoundId),
    HouseholdId         INTEGER NOT NULL REFERENCES Households (HouseholdId),
    AnswerId            INTEGER NOT NULL REFERENCES IntentionAnswers (AnswerId),
    AnsweredOn          TEXT NOT NULL,
    Intention           INTEGER NOT NULL,
    PRIMARY KEY (RoundId, HouseholdId)
);

CREATE INDEX IX_HouseholdIntentions_HouseholdId ON HouseholdIntentions (HouseholdId);

CREATE TRIGGER TR_IntentionAnswers_NoUpdate BEFORE UPDATE ON IntentionAnswers
BEGIN
    SELECT RAISE(ABORT, 'IntentionAnswers is append-only: an answer cannot be changed');
END;

CREATE TRIGGER TR_IntentionAnswers_NoDelete BEFORE DELETE ON IntentionAnswers
BEGIN
    SELECT RAISE(ABORT, 'IntentionAnswers is append-only: an answer cannot be deleted');
END;

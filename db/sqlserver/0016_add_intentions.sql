-- The household intention survey (帰還意向): rounds created by supervisors (「2026年度」), dated answers per household
-- (from a call, a postal return, the counter or the web), the latest answer of a household in a round counting.
-- The same tables as db/sqlite/0016_add_intentions.sql.
CREATE TABLE dbo.SurveyRounds (
    RoundId             INT IDENTITY(1,1) NOT NULL CONSTRAINT PK_SurveyRounds PRIMARY KEY,
    Name                NVARCHAR(30)  NOT NULL,
    CreatedAt           DATETIME2(3)  NOT NULL,
    CreatedBy           INT           NULL CONSTRAINT FK_SurveyRounds_Users REFERENCES dbo.Users (UserId),
    -- NULL while the round takes answers; the current round is the newest open one.
    ClosedAt            DATETIME2(3)  NULL,
    CONSTRAINT UQ_SurveyRounds_Name UNIQUE (Name)
);

-- Intention: 1 戻りたいと考えている, 2 まだ判断がつかない, 3 戻らないと決めている, 4 既に町内で生活している.
-- Needs (判断に必要なこと) and Reasons (戻らない理由) are bit sets over their fixed lists, in the order the survey
-- gives them (bit 0 = the first); Housing: 1 復興公営住宅, 2 持ち家, 3 賃貸, 4 未定; Channel: 1 電話, 2 郵送, 3 窓口, 4 Web.
-- Every answer is kept; HouseholdIntentions names the one that counts.
CREATE TABLE dbo.IntentionAnswers (
    AnswerId            BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT PK_IntentionAnswers PRIMARY KEY,
    RoundId             INT           NOT NULL CONSTRAINT FK_IntentionAnswers_SurveyRounds REFERENCES dbo.SurveyRounds (RoundId),
    HouseholdId         INT           NOT NULL CONSTRAINT FK_IntentionAnswers_Households REFERENCES dbo.Households (HouseholdId),
    AnsweredOn          DATE          NOT NULL,
    Intention           TINYINT       NOT NULL,
    Needs               INT           NOT NULL CONSTRAINT DF_IntentionAnswers_Needs DEFAULT 0,
    Reasons             INT           NOT NULL CONSTRAINT DF_IntentionAnswers_Reasons DEFAULT 0,
    Housing             TINYINT       NULL,
    Respondent          NVARCHAR(50)  NULL,
    Channel             TINYINT       NOT NULL,
    CallId              BIGINT        NULL CONSTRAINT FK_IntentionAnswers_Calls REFERENCES dbo.Calls (CallId),
    RecordedAt          DATETIME2(3)  NOT NULL,
    RecordedBy          INT           NULL CONSTRAINT FK_IntentionAnswers_Users REFERENCES dbo.Users (UserId)
);

CREATE INDEX IX_IntentionAnswers_HouseholdId ON dbo.IntentionAnswers (HouseholdId, RoundId, AnsweredOn);
CREATE INDEX IX_IntentionAnswers_RoundId ON dbo.IntentionAnswers (RoundId, AnsweredOn);

-- The answer that counts for each household in a round: the latest by AnsweredOn (a later recording wins a tie),
-- written in the same transaction as the answer. Intention is copied so summaries need not read IntentionAnswers.
CREATE TABLE dbo.HouseholdIntentions (
    RoundId             INT           NOT NULL CONSTRAINT FK_HouseholdIntentions_SurveyRounds REFERENCES dbo.SurveyRounds (RoundId),
    HouseholdId         INT           NOT NULL CONSTRAINT FK_HouseholdIntentions_Households REFERENCES dbo.Households (HouseholdId),
    AnswerId            BIGINT        NOT NULL CONSTRAINT FK_HouseholdIntentions_IntentionAnswers REFERENCES dbo.IntentionAnswers (AnswerId),
    AnsweredOn          DATE          NOT NULL,
    Intention           TINYINT       NOT NULL,
    CONSTRAINT PK_HouseholdIntentions PRIMARY KEY (RoundId, HouseholdId)
);

CREATE INDEX IX_HouseholdIntentions_HouseholdId ON dbo.HouseholdIntentions (HouseholdId);
GO

CREATE TRIGGER dbo.TR_IntentionAnswers_AppendOnly ON dbo.IntentionAnswers INSTEAD OF UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    THROW 51006, N'IntentionAnswers is append-only: an answer cannot be changed or deleted', 1;
END
GO

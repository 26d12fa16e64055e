-- Issue 18: talk scripts and FAQ (応対スクリプト・よくある質問) that operators search from the call form while talking,
-- written by supervisors and admins. The same tables as db/sqlite/0021_add_talk_scripts.sql.

-- Kind: 1 スクリプト (what to say), 2 FAQ (a question and its answer). CategoryId: a request category (分類), NULL for
-- none. Body and Keywords: plain text (keywords separated by spaces or 、). SearchText: title, keywords and body folded
-- for search (NFKC, lower case, hiragana as katakana; TalkScriptText.Fold), written with every change. RetiredAt: taken
-- out of the operators' search (kept, with its history). Version grows with every change (optimistic concurrency).
CREATE TABLE dbo.TalkScripts (
    TalkScriptId        INT IDENTITY(1,1) NOT NULL CONSTRAINT PK_TalkScripts PRIMARY KEY,
    Kind                TINYINT        NOT NULL,
    CategoryId          INT            NULL CONSTRAINT FK_TalkScripts_RequestCategories REFERENCES dbo.RequestCategories (CategoryId),
    Title               NVARCHAR(100)  NOT NULL,
    Body                NVARCHAR(4000) NOT NULL,
    Keywords            NVARCHAR(200)  NOT NULL CONSTRAINT DF_TalkScripts_Keywords DEFAULT N'',
    SearchText          NVARCHAR(4400) NOT NULL,
    CreatedAt           DATETIME2(3)   NOT NULL,
    CreatedBy           INT            NULL CONSTRAINT FK_TalkScripts_CreatedBy REFERENCES dbo.Users (UserId),
    UpdatedAt           DATETIME2(3)   NOT NULL,
    UpdatedBy           INT            NULL CONSTRAINT FK_TalkScripts_UpdatedBy REFERENCES dbo.Users (UserId),
    RetiredAt           DATETIME2(3)   NULL,
    Version             INT            NOT NULL CONSTRAINT DF_TalkScripts_Version DEFAULT 0
);

CREATE INDEX IX_TalkScripts_Category ON dbo.TalkScripts (CategoryId, Kind);

-- Every change of a talk script: who (ChangedBy), when (ChangedAt), which change (Change: 1 作成, 2 変更, 3 廃止, 4 再開)
-- and the script as it was before it (Before*: NULL for 作成). Version: the script's version after the change.
-- Append-only.
CREATE TABLE dbo.TalkScriptRevisions (
    RevisionId          BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT PK_TalkScriptRevisions PRIMARY KEY,
    TalkScriptId        INT            NOT NULL CONSTRAINT FK_TalkScriptRevisions_TalkScripts REFERENCES dbo.TalkScripts (TalkScriptId),
    Version             INT            NOT NULL,
    Change              TINYINT        NOT NULL,
    ChangedAt           DATETIME2(3)   NOT NULL,
    ChangedBy           INT            NULL CONSTRAINT FK_TalkScriptRevisions_Users REFERENCES dbo.Users (UserId),
    BeforeKind          TINYINT        NULL,
    BeforeCategoryId    INT            NULL,
    BeforeTitle         NVARCHAR(100)  NULL,
    BeforeBody          NVARCHAR(4000) NULL,
    BeforeKeywords      NVARCHAR(200)  NULL
);

CREATE INDEX IX_TalkScriptRevisions_Script ON dbo.TalkScriptRevisions (TalkScriptId, Version);
GO

CREATE TRIGGER dbo.TR_TalkScriptRevisions_AppendOnly ON dbo.TalkScriptRevisions INSTEAD OF UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    THROW 51021, N'TalkScriptRevisions is append-only: a revision cannot be changed or deleted', 1;
END
GO

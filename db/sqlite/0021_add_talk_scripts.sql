-- Issue 18: talk scripts and FAQ (応対スクリプト・よくある質問) that operators search from the call form while talking,
-- written by supervisors and admins. The same tables as db/sqlserver/0021_add_talk_scripts.sql.

-- Kind: 1 スクリプト (what to say), 2 FAQ (a question and its answer). CategoryId: a request category (分類), NULL for
-- none. Body and Keywords: plain text (keywords separated by spaces or 、). SearchText: title, keywords and body folded
-- for search (NFKC, lower case, hiragana as katakana; TalkScriptText.Fold), written with every change. RetiredAt: taken
-- out of the operators' search (kept, with its history). Version grows with every change (optimistic concurrency).
CREATE TABLE TalkScripts (
    TalkScriptId        INTEGER PRIMARY KEY,
    Kind                INTEGER NOT NULL,
    CategoryId          INTEGER NULL REFERENCES RequestCategories (CategoryId),
    Title               TEXT    NOT NULL,
    Body                TEXT    NOT NULL,
    Keywords            TEXT    NOT NULL DEFAULT '',
    SearchText          TEXT    NOT NULL,
    CreatedAt           TEXT    NOT NULL,
    CreatedBy           INTEGER NULL REFERENCES Users (UserId),
    UpdatedAt           TEXT    NOT NULL,
    UpdatedBy           INTEGER NULL REFERENCES Users (UserId),
    RetiredAt           TEXT    NULL,
    Version             INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX IX_TalkScripts_Category ON TalkScripts (CategoryId, Kind);

-- Every change of a talk script: who (ChangedBy), when (ChangedAt), which change (Change: 1 作成, 2 変更, 3 廃止, 4 再開)
-- and the script as it was before it (Before*: NULL for 作成). Version: the script's version after the change.
-- Append-only.
CREATE TABLE TalkScriptRevisions (
    RevisionId          INTEGER PRIMARY KEY,
    TalkScriptId        INTEGER NOT NULL REFERENCES TalkScripts (TalkScriptId),
    Version             INTEGER NOT NULL,
    Change              INTEGER NOT NULL,
    ChangedAt           TEXT    NOT NULL,
    ChangedBy           INTEGER NULL REFERENCES Users (UserId),
    BeforeKind          INTEGER NULL,
    BeforeCategoryId    INTEGER NULL,
    BeforeTitle         TEXT    NULL,
    BeforeBody          TEXT    NULL,
    BeforeKeywords      TEXT    NULL
);

CREATE INDEX IX_TalkScriptRevisions_Script ON TalkScriptRevisions (TalkScriptId, Version);

CREATE TRIGGER TR_TalkScriptRevisions_NoUpdate BEFORE UPDATE ON TalkScriptRevisions
BEGIN
    SELECT RAISE(ABORT, 'TalkScriptRevisions is append-only: a revision cannot be changed');
END;

CREATE TRIGGER TR_TalkScriptRevisions_NoDelete BEFORE DELETE ON TalkScriptRevisions
BEGIN
    SELECT RAISE(ABORT, 'TalkScriptRevisions is append-only: a revision cannot be deleted');
END;

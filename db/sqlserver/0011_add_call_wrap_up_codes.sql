-- Calls kept as call centers keep them: every inbound call carries a wrap-up code (要件) from a list
-- supervisors edit, and a call can be about no registered person (a question, a request, a wrong number).
-- The same tables as db/sqlite/0011_add_call_wrap_up_codes.sql.
CREATE TABLE dbo.WrapUpCodes (
    WrapUpCodeId        INT IDENTITY(1,1) NOT NULL CONSTRAINT PK_WrapUpCodes PRIMARY KEY,
    Label               NVARCHAR(30)  NOT NULL,
    SortOrder           INT           NOT NULL,
    IsActive            BIT           NOT NULL CONSTRAINT DF_WrapUpCodes_IsActive DEFAULT 1,
    CONSTRAINT UQ_WrapUpCodes_Label UNIQUE (Label)
);

INSERT INTO dbo.WrapUpCodes (Label, SortOrder) VALUES (N'安否報告', 10);
INSERT INTO dbo.WrapUpCodes (Label, SortOrder) VALUES (N'所在変更', 20);
INSERT INTO dbo.WrapUpCodes (Label, SortOrder) VALUES (N'照会', 30);
INSERT INTO dbo.WrapUpCodes (Label, SortOrder) VALUES (N'要望・相談', 40);
INSERT INTO dbo.WrapUpCodes (Label, SortOrder) VALUES (N'問い合わせ', 50);
INSERT INTO dbo.WrapUpCodes (Label, SortOrder) VALUES (N'苦情', 60);
INSERT INTO dbo.WrapUpCodes (Label, SortOrder) VALUES (N'間違い電話', 70);
INSERT INTO dbo.WrapUpCodes (Label, SortOrder) VALUES (N'その他', 80);

ALTER TABLE dbo.Calls ADD WrapUpCodeId INT NULL CONSTRAINT FK_Calls_WrapUpCodes REFERENCES dbo.WrapUpCodes (WrapUpCodeId);
GO

-- The supervisors' calls page filters by 要件 and period; a screen-pop finds earlier calls from the same number.
CREATE INDEX IX_Calls_WrapUpCodeId ON dbo.Calls (WrapUpCodeId, StartedAt);
CREATE INDEX IX_Calls_CallerPhoneKey ON dbo.Calls (CallerPhoneKey, StartedAt);

-- Calls kept as call centers keep them: every inbound call carries a wrap-up code (要件) from a list
-- supervisors edit, and a call can be about no registered person (a question, a request, a wrong number).
-- The same tables as db/sqlserver/0011_add_call_wrap_up_codes.sql.
CREATE TABLE WrapUpCodes (
    WrapUpCodeId        INTEGER PRIMARY KEY,
    Label               TEXT NOT NULL,
    SortOrder           INTEGER NOT NULL,
    IsActive            INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT UQ_WrapUpCodes_Label UNIQUE (Label)
);

INSERT INTO WrapUpCodes (Label, SortOrder) VALUES ('安否報告', 10);
INSERT INTO WrapUpCodes (Label, SortOrder) VALUES ('所在変更', 20);
INSERT INTO WrapUpCodes (Label, SortOrder) VALUES ('照会', 30);
INSERT INTO WrapUpCodes (Label, SortOrder) VALUES ('要望・相談', 40);
INSERT INTO WrapUpCodes (Label, SortOrder) VALUES ('問い合わせ', 50);
INSERT INTO WrapUpCodes (Label, SortOrder) VALUES ('苦情', 60);
INSERT INTO WrapUpCodes (Label, SortOrder) VALUES ('間違い電話', 70);
INSERT INTO WrapUpCodes (Label, SortOrder) VALUES ('その他', 80);

ALTER TABLE Calls ADD WrapUpCodeId INTEGER NULL REFERENCES WrapUpCodes (WrapUpCodeId);

-- The supervisors' calls page filters by 要件 and period; a screen-pop finds earlier calls from the same number.
CREATE INDEX IX_Calls_WrapUpCodeId ON Calls (WrapUpCodeId, StartedAt);
CREATE INDEX IX_Calls_CallerPhoneKey ON Calls (CallerPhoneKey, StartedAt);

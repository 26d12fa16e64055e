-- Issue 18: the household's mailing address (送付先), apart from its whereabouts, with its history, and returned mail
-- (宛所不明). The same tables as db/sqlserver/0020_add_mailing_addresses.sql.

-- Every address recorded for a household, append-only (the history): 宛名, 郵便番号 (7 digits, no hyphen), 住所1
-- (都道府県・市区町村・番地), 住所2 (建物・部屋), 確認日 (a Japan date, 'yyyy-MM-dd'). Source: 1 通話, 2 取込, 3 画面.
CREATE TABLE MailingAddresses (
    AddressId           INTEGER PRIMARY KEY,
    HouseholdId         INTEGER NOT NULL REFERENCES Households (HouseholdId),
    Addressee           TEXT    NOT NULL,
    PostalCode          TEXT    NOT NULL,
    Address1            TEXT    NOT NULL,
    Address2            TEXT    NULL,
    ConfirmedOn         TEXT    NULL,
    Source              INTEGER NOT NULL,
    CallId              INTEGER NULL REFERENCES Calls (CallId),
    RecordedAt          TEXT    NOT NULL,
    RecordedBy          INTEGER NULL REFERENCES Users (UserId)
);

CREATE INDEX IX_MailingAddresses_HouseholdId ON MailingAddresses (HouseholdId, AddressId);

-- The household's current address (the latest recorded), and since when letters to it come back (宛所不明; NULL: not
-- known to be wrong). Recording a new address clears ReturnedOn. Written in the same transaction as the address.
CREATE TABLE HouseholdMailing (
    HouseholdId         INTEGER PRIMARY KEY REFERENCES Households (HouseholdId),
    AddressId           INTEGER NOT NULL REFERENCES MailingAddresses (AddressId),
    ReturnedOn          TEXT    NULL
);

CREATE INDEX IX_HouseholdMailing_ReturnedOn ON HouseholdMailing (ReturnedOn);

-- Returned letters as recorded by clerks (one row each, append-only): the address it was sent to and the date.
CREATE TABLE ReturnedMail (
    ReturnId            INTEGER PRIMARY KEY,
    HouseholdId         INTEGER NOT NULL REFERENCES Households (HouseholdId),
    AddressId           INTEGER NOT NULL REFERENCES MailingAddresses (AddressId),
    ReturnedOn          TEXT    NOT NULL,
    Note                TEXT    NULL,
    RecordedAt          TEXT    NOT NULL,
    RecordedBy          INTEGER NULL REFERENCES Users (UserId)
);

CREATE INDEX IX_ReturnedMail_HouseholdId ON ReturnedMail (HouseholdId, ReturnedOn);

CREATE TRIGGER TR_MailingAddresses_NoUpdate BEFORE UPDATE ON MailingAddresses
BEGIN
    SELECT RAISE(ABORT, 'MailingAddresses is append-only: a recorded address cannot be changed');
END;

CREATE TRIGGER TR_MailingAddresses_NoDelete BEFORE DELETE ON MailingAddresses
BEGIN
    SELECT RAISE(ABORT, 'MailingAddresses is append-only: a recorded address cannot be deleted');
END;

CREATE TRIGGER TR_ReturnedMail_NoUpdate BEFORE UPDATE ON ReturnedMail
BEGIN
    SELECT RAISE(ABORT, 'ReturnedMail is append-only: a returned letter cannot be changed');
END;

CREATE TRIGGER TR_ReturnedMail_NoDelete BEFORE DELETE ON ReturnedMail
BEGIN
    SELECT RAISE(ABORT, 'ReturnedMail is append-only: a returned letter cannot be deleted');
END;

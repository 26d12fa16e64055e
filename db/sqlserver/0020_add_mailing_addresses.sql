-- Issue 18: the household's mailing address (送付先), apart from its whereabouts, with its history, and returned mail
-- (宛所不明). The same tables as db/sqlite/0020_add_mailing_addresses.sql.

-- Every address recorded for a household, append-only (the history): 宛名, 郵便番号 (7 digits, no hyphen), 住所1
-- (都道府県・市区町村・番地), 住所2 (建物・部屋), 確認日. Source: 1 通話, 2 取込, 3 画面.
CREATE TABLE dbo.MailingAddresses (
    AddressId           INT IDENTITY(1,1) NOT NULL CONSTRAINT PK_MailingAddresses PRIMARY KEY,
    HouseholdId         INT            NOT NULL CONSTRAINT FK_MailingAddresses_Households REFERENCES dbo.Households (HouseholdId),
    Addressee           NVARCHAR(60)   NOT NULL,
    PostalCode          CHAR(7)        NOT NULL,
    Address1            NVARCHAR(120)  NOT NULL,
    Address2            NVARCHAR(120)  NULL,
    ConfirmedOn         DATE           NULL,
    Source              TINYINT        NOT NULL,
    CallId              BIGINT         NULL CONSTRAINT FK_MailingAddresses_Calls REFERENCES dbo.Calls (CallId),
    RecordedAt          DATETIME2(3)   NOT NULL,
    RecordedBy          INT            NULL CONSTRAINT FK_MailingAddresses_Users REFERENCES dbo.Users (UserId)
);

CREATE INDEX IX_MailingAddresses_HouseholdId ON dbo.MailingAddresses (HouseholdId, AddressId);

-- The household's current address (the latest recorded), and since when letters to it come back (宛所不明; NULL: not
-- known to be wrong). Recording a new address clears ReturnedOn. Written in the same transaction as the address.
CREATE TABLE dbo.HouseholdMailing (
    HouseholdId         INT            NOT NULL CONSTRAINT PK_HouseholdMailing PRIMARY KEY
                                       CONSTRAINT FK_HouseholdMailing_Households REFERENCES dbo.Households (HouseholdId),
    AddressId           INT            NOT NULL CONSTRAINT FK_HouseholdMailing_MailingAddresses REFERENCES dbo.MailingAddresses (AddressId),
    ReturnedOn          DATE           NULL
);

CREATE INDEX IX_HouseholdMailing_ReturnedOn ON dbo.HouseholdMailing (ReturnedOn);

-- Returned letters as recorded by clerks (one row each, append-only): the address it was sent to and the date.
CREATE TABLE dbo.ReturnedMail (
    ReturnId            INT IDENTITY(1,1) NOT NULL CONSTRAINT PK_ReturnedMail PRIMARY KEY,
    HouseholdId         INT            NOT NULL CONSTRAINT FK_ReturnedMail_Households REFERENCES dbo.Households (HouseholdId),
    AddressId           INT            NOT NULL CONSTRAINT FK_ReturnedMail_MailingAddresses REFERENCES dbo.MailingAddresses (AddressId),
    ReturnedOn          DATE           NOT NULL,
    Note                NVARCHAR(200)  NULL,
    RecordedAt          DATETIME2(3)   NOT NULL,
    RecordedBy          INT            NULL CONSTRAINT FK_ReturnedMail_Users REFERENCES dbo.Users (UserId)
);

CREATE INDEX IX_ReturnedMail_HouseholdId ON dbo.ReturnedMail (HouseholdId, ReturnedOn);
GO

CREATE TRIGGER dbo.TR_MailingAddresses_AppendOnly ON dbo.MailingAddresses INSTEAD OF UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    THROW 51008, N'MailingAddresses is append-only: a recorded address cannot be changed or deleted', 1;
END
GO

CREATE TRIGGER dbo.TR_ReturnedMail_AppendOnly ON dbo.ReturnedMail INSTEAD OF UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    THROW 51009, N'ReturnedMail is append-only: a returned letter cannot be changed or deleted', 1;
END
GO

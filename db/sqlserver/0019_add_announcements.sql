-- Issue 18: announcements (お知らせ) operators read out to callers, which household has been told what (伝達記録), and the
-- 公開 ones published without sign-in on /public/notices. The same tables as db/sqlite/0019_add_announcements.sql.

-- ValidFrom/ValidTo: Japan dates, both inclusive (ValidTo NULL: until withdrawn). Priority: 1 重要, 2 通常 (lower first).
-- IsPublic: also published on /public/notices and /public/notices.atom (title and body only, never a target).
-- ForVulnerable: only households with a vulnerable member (Residents.IsVulnerable). WithdrawnAt: taken down early (kept
-- for its records). Version grows with every edit (optimistic concurrency, like Requests).
CREATE TABLE dbo.Announcements (
    AnnouncementId      INT IDENTITY(1,1) NOT NULL CONSTRAINT PK_Announcements PRIMARY KEY,
    Title               NVARCHAR(100)  NOT NULL,
    Body                NVARCHAR(4000) NOT NULL,
    ValidFrom           DATE           NOT NULL,
    ValidTo             DATE           NULL,
    Priority            TINYINT        NOT NULL CONSTRAINT DF_Announcements_Priority DEFAULT 2,
    IsPublic            BIT            NOT NULL CONSTRAINT DF_Announcements_IsPublic DEFAULT 0,
    ForVulnerable       BIT            NOT NULL CONSTRAINT DF_Announcements_ForVulnerable DEFAULT 0,
    CreatedAt           DATETIME2(3)   NOT NULL,
    CreatedBy           INT            NULL CONSTRAINT FK_Announcements_CreatedBy REFERENCES dbo.Users (UserId),
    UpdatedAt           DATETIME2(3)   NOT NULL,
    UpdatedBy           INT            NULL CONSTRAINT FK_Announcements_UpdatedBy REFERENCES dbo.Users (UserId),
    WithdrawnAt         DATETIME2(3)   NULL,
    Version             INT            NOT NULL CONSTRAINT DF_Announcements_Version DEFAULT 0
);

CREATE INDEX IX_Announcements_ValidFrom ON dbo.Announcements (ValidFrom, ValidTo);

-- Whom an announcement is for. No row: everyone. Kind 1 行政区 (Households.District), 2 現在の都道府県 (a living member's
-- Residents.PrefectureCode, as text), 3 居場所の種類 (a living member's Residents.WhereaboutsType, as text). Values of one
-- kind are alternatives (OR); different kinds must all hold (AND), and ForVulnerable on top.
CREATE TABLE dbo.AnnouncementTargets (
    AnnouncementId      INT            NOT NULL CONSTRAINT FK_AnnouncementTargets_Announcements REFERENCES dbo.Announcements (AnnouncementId),
    Kind                TINYINT        NOT NULL,
    Value               NVARCHAR(50)   NOT NULL,
    CONSTRAINT PK_AnnouncementTargets PRIMARY KEY (AnnouncementId, Kind, Value)
);

-- 伝達記録: an announcement told to a household, in a call (CallId) or an outbound attempt (AttemptId), saved in the same
-- transaction. Append-only: a household told twice has two rows; coverage counts households.
CREATE TABLE dbo.AnnouncementDeliveries (
    DeliveryId          BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT PK_AnnouncementDeliveries PRIMARY KEY,
    AnnouncementId      INT            NOT NULL CONSTRAINT FK_AnnouncementDeliveries_Announcements REFERENCES dbo.Announcements (AnnouncementId),
    HouseholdId         INT            NOT NULL CONSTRAINT FK_AnnouncementDeliveries_Households REFERENCES dbo.Households (HouseholdId),
    CallId              BIGINT         NULL CONSTRAINT FK_AnnouncementDeliveries_Calls REFERENCES dbo.Calls (CallId),
    AttemptId           BIGINT         NULL CONSTRAINT FK_AnnouncementDeliveries_OutboundAttempts REFERENCES dbo.OutboundAttempts (AttemptId),
    ToldAt              DATETIME2(3)   NOT NULL,
    ToldBy              INT            NULL CONSTRAINT FK_AnnouncementDeliveries_Users REFERENCES dbo.Users (UserId)
);

CREATE INDEX IX_AnnouncementDeliveries_Announcement ON dbo.AnnouncementDeliveries (AnnouncementId, HouseholdId, ToldAt);
CREATE INDEX IX_AnnouncementDeliveries_Household ON dbo.AnnouncementDeliveries (HouseholdId, ToldAt);
GO

CREATE TRIGGER dbo.TR_AnnouncementDeliveries_AppendOnly ON dbo.AnnouncementDeliveries INSTEAD OF UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    THROW 51007, N'AnnouncementDeliveries is append-only: a delivery record cannot be changed or deleted', 1;
END
GO

-- Campaign kind 2 (お知らせ伝達): the households not yet told AnnouncementId; a household leaves once it has a delivery.
ALTER TABLE dbo.OutboundCampaigns ADD AnnouncementId INT NULL CONSTRAINT FK_OutboundCampaigns_Announcements REFERENCES dbo.Announcements (AnnouncementId);

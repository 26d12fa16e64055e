-- Issue 18: announcements (お知らせ) operators read out to callers, which household has been told what (伝達記録), and the
-- 公開 ones published without sign-in on /public/notices. The same tables as db/sqlserver/0019_add_announcements.sql.

-- ValidFrom/ValidTo: Japan dates, both inclusive ('yyyy-MM-dd'; ValidTo NULL: until withdrawn). Priority: 1 重要, 2 通常
-- (lower first). IsPublic: also published on /public/notices and /public/notices.atom (title and body only, never a
-- target). ForVulnerable: only households with a vulnerable member (Residents.IsVulnerable). WithdrawnAt: taken down early
-- (kept for its records). Version grows with every edit (optimistic concurrency, like Requests).
CREATE TABLE Announcements (
    AnnouncementId      INTEGER PRIMARY KEY,
    Title               TEXT    NOT NULL,
    Body                TEXT    NOT NULL,
    ValidFrom           TEXT    NOT NULL,
    ValidTo             TEXT    NULL,
    Priority            INTEGER NOT NULL DEFAULT 2,
    IsPublic            INTEGER NOT NULL DEFAULT 0,
    ForVulnerable       INTEGER NOT NULL DEFAULT 0,
    CreatedAt           TEXT    NOT NULL,
    CreatedBy           INTEGER NULL REFERENCES Users (UserId),
    UpdatedAt           TEXT    NOT NULL,
    UpdatedBy           INTEGER NULL REFERENCES Users (UserId),
    WithdrawnAt         TEXT    NULL,
    Version             INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX IX_Announcements_ValidFrom ON Announcements (ValidFrom, ValidTo);

-- Whom an announcement is for. No row: everyone. Kind 1 行政区 (Households.District), 2 現在の都道府県 (a living member's
-- Residents.PrefectureCode, as text), 3 居場所の種類 (a living member's Residents.WhereaboutsType, as text). Values of one
-- kind are alternatives (OR); different kinds must all hold (AND), and ForVulnerable on top.
CREATE TABLE AnnouncementTargets (
    AnnouncementId      INTEGER NOT NULL REFERENCES Announcements (AnnouncementId),
    Kind                INTEGER NOT NULL,
    Value               TEXT    NOT NULL,
    CONSTRAINT PK_AnnouncementTargets PRIMARY KEY (AnnouncementId, Kind, Value)
);

-- 伝達記録: an announcement told to a household, in a call (CallId) or an outbound attempt (AttemptId), saved in the same
-- transaction. Append-only: a household told twice has two rows; coverage counts households.
CREATE TABLE AnnouncementDeliveries (
    DeliveryId          INTEGER PRIMARY KEY,
    AnnouncementId      INTEGER NOT NULL REFERENCES Announcements (AnnouncementId),
    HouseholdId         INTEGER NOT NULL REFERENCES Households (HouseholdId),
    CallId              INTEGER NULL REFERENCES Calls (CallId),
    AttemptId           INTEGER NULL REFERENCES OutboundAttempts (AttemptId),
    ToldAt              TEXT    NOT NULL,
    ToldBy              INTEGER NULL REFERENCES Users (UserId)
);

CREATE INDEX IX_AnnouncementDeliveries_Announcement ON AnnouncementDeliveries (AnnouncementId, HouseholdId, ToldAt);
CREATE INDEX IX_AnnouncementDeliveries_Household ON AnnouncementDeliveries (HouseholdId, ToldAt);

CREATE TRIGGER TR_AnnouncementDeliveries_NoUpdate BEFORE UPDATE ON AnnouncementDeliveries
BEGIN
    SELECT RAISE(ABORT, 'AnnouncementDeliveries is append-only: a delivery record cannot be changed');
END;

CREATE TRIGGER TR_AnnouncementDeliveries_NoDelete BEFORE DELETE ON AnnouncementDeliveries
BEGIN
    SELECT RAISE(ABORT, 'AnnouncementDeliveries is append-only: a delivery record cannot be deleted');
END;

-- Campaign kind 2 (お知らせ伝達): the households not yet told AnnouncementId; a household leaves once it has a delivery.
ALTER TABLE OutboundCampaigns ADD AnnouncementId INTEGER NULL REFERENCES Announcements (AnnouncementId);

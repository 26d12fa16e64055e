-- API keys for machine access (other offices, a PBX screen-pop). Only a SHA-256 hash of the key is kept.
CREATE TABLE ApiKeys (
    ApiKeyId        INTEGER PRIMARY KEY,
    Name            TEXT NOT NULL,
    Scope           TEXT NOT NULL,
    KeyHash         TEXT NOT NULL,
    KeyPrefix       TEXT NOT NULL,
    CreatedAt       TEXT NOT NULL,
    CreatedBy       TEXT NULL,
    RevokedAt       TEXT NULL,
    RevokedBy       TEXT NULL,
    LastUsedAt      TEXT NULL,
    CONSTRAINT UQ_ApiKeys_KeyHash UNIQUE (KeyHash)
);

CREATE INDEX IX_ApiKeys_Name ON ApiKeys (Name);

-- ASP.NET Core Data Protection key ring, shared by every app instance on this database so that they
-- accept each other's cookies and antiforgery tokens.
CREATE TABLE DataProtectionKeys (
    KeyId           INTEGER PRIMARY KEY,
    FriendlyName    TEXT NULL,
    Xml             TEXT NOT NULL,
    CreatedAt       TEXT NOT NULL
);

-- One row per sign-in. The cookie names its session; a session that has seen no activity for the idle
-- timeout, or that was signed out, is refused on every instance.
CREATE TABLE UserSessions (
    SessionId       TEXT NOT NULL PRIMARY KEY,
    UserId          INTEGER NOT NULL REFERENCES Users (UserId),
    Site            TEXT NULL,
    CreatedAt       TEXT NOT NULL,
    LastSeenAt      TEXT NOT NULL,
    EndedAt         TEXT NULL,
    EndReason       TEXT NULL
);

CREATE INDEX IX_UserSessions_UserId ON UserSessions (UserId, CreatedAt);

-- API keys for machine access (other offices, a PBX screen-pop). Only a SHA-256 hash of the key is kept.
CREATE TABLE dbo.ApiKeys (
    ApiKeyId        INT IDENTITY(1,1) NOT NULL CONSTRAINT PK_ApiKeys PRIMARY KEY,
    Name            NVARCHAR(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
    Scope           NVARCHAR(20)  NOT NULL,
    KeyHash         NVARCHAR(64)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    KeyPrefix       NVARCHAR(12)  NOT NULL,
    CreatedAt       DATETIME2(3)  NOT NULL,
    CreatedBy       NVARCHAR(50)  NULL,
    RevokedAt       DATETIME2(3)  NULL,
    RevokedBy       NVARCHAR(50)  NULL,
    LastUsedAt      DATETIME2(3)  NULL,
    CONSTRAINT UQ_ApiKeys_KeyHash UNIQUE (KeyHash)
);

CREATE INDEX IX_ApiKeys_Name ON dbo.ApiKeys (Name);

-- ASP.NET Core Data Protection key ring, shared by every app instance on this database so that they
-- accept each other's cookies and antiforgery tokens.
CREATE TABLE dbo.DataProtectionKeys (
    KeyId           INT IDENTITY(1,1) NOT NULL CONSTRAINT PK_DataProtectionKeys PRIMARY KEY,
    FriendlyName    NVARCHAR(100) NULL,
    Xml             NVARCHAR(MAX) NOT NULL,
    CreatedAt       DATETIME2(3)  NOT NULL
);

-- One row per sign-in. The cookie names its session; a session that has seen no activity for the idle
-- timeout, or that was signed out, is refused on every instance.
CREATE TABLE dbo.UserSessions (
    SessionId       NVARCHAR(64)  COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT PK_UserSessions PRIMARY KEY,
    UserId          INT           NOT NULL CONSTRAINT FK_UserSessions_Users REFERENCES dbo.Users (UserId),
    Site            NVARCHAR(50)  NULL,
    CreatedAt       DATETIME2(3)  NOT NULL,
    LastSeenAt      DATETIME2(3)  NOT NULL,
    EndedAt         DATETIME2(3)  NULL,
    EndReason       NVARCHAR(20)  NULL
);

CREATE INDEX IX_UserSessions_UserId ON dbo.UserSessions (UserId, CreatedAt);

-- Several towns on one system (issue 19). Each town is identified by its 6-digit 全国地方公共団体コード; households and
-- residents belong to one town, and their numbers are unique within that town only (the same numbers in two towns are two
-- different people). Staff accounts and API keys may be limited to towns: no rows for an account or key means all towns.
-- The existing register becomes town 1, whose code and name are filled from Town:Code / Town:Name at start-up (an empty
-- code means "not configured yet": a single-town installation runs as before). The same tables, columns and constraints
-- as db/sqlite/0024_add_towns.sql (which has to rebuild the two tables to change their unique constraints).
CREATE TABLE dbo.Towns (
    TownId      INT           NOT NULL CONSTRAINT PK_Towns PRIMARY KEY,
    Code        NVARCHAR(6)   COLLATE Latin1_General_100_BIN2 NOT NULL,
    Name        NVARCHAR(50)  NOT NULL,
    CreatedAt   DATETIME2(3)  NOT NULL,
    CONSTRAINT UQ_Towns_Code UNIQUE (Code)
);
GO

INSERT INTO dbo.Towns (TownId, Code, Name, CreatedAt) VALUES (1, N'', N'', SYSUTCDATETIME());

CREATE TABLE dbo.UserTowns (
    UserId      INT NOT NULL CONSTRAINT FK_UserTowns_Users REFERENCES dbo.Users (UserId),
    TownId      INT NOT NULL CONSTRAINT FK_UserTowns_Towns REFERENCES dbo.Towns (TownId),
    CONSTRAINT PK_UserTowns PRIMARY KEY (UserId, TownId)
);

CREATE TABLE dbo.ApiKeyTowns (
    ApiKeyId    INT NOT NULL CONSTRAINT FK_ApiKeyTowns_ApiKeys REFERENCES dbo.ApiKeys (ApiKeyId),
    TownId      INT NOT NULL CONSTRAINT FK_ApiKeyTowns_Towns REFERENCES dbo.Towns (TownId),
    CONSTRAINT PK_ApiKeyTowns PRIMARY KEY (ApiKeyId, TownId)
);

-- Every existing household and resident joins town 1; the default only fills them and is dropped after.
ALTER TABLE dbo.Households ADD TownId INT NOT NULL CONSTRAINT DF_Households_TownId DEFAULT 1
    CONSTRAINT FK_Households_Towns REFERENCES dbo.Towns (TownId);
ALTER TABLE dbo.Residents ADD TownId INT NOT NULL CONSTRAINT DF_Residents_TownId DEFAULT 1
    CONSTRAINT FK_Residents_Towns REFERENCES dbo.Towns (TownId);
GO

ALTER TABLE dbo.Households DROP CONSTRAINT DF_Households_TownId;
ALTER TABLE dbo.Residents DROP CONSTRAINT DF_Residents_TownId;
ALTER TABLE dbo.Households DROP CONSTRAINT UQ_Households_HouseholdNo;
ALTER TABLE dbo.Residents DROP CONSTRAINT UQ_Residents_ResidentNo;
ALTER TABLE dbo.Households ADD CONSTRAINT UQ_Households_HouseholdNo_TownId UNIQUE (HouseholdNo, TownId);
ALTER TABLE dbo.Residents ADD CONSTRAINT UQ_Residents_ResidentNo_TownId UNIQUE (ResidentNo, TownId);

CREATE INDEX IX_Households_TownId ON dbo.Households (TownId);
CREATE INDEX IX_Residents_TownId ON dbo.Residents (TownId);
GO

-- Residents' requests (要望・相談): recorded in a call or from the resident page, routed to a department (担当課),
-- worked through 受付 → 回付 → 対応中 → 完了 / 対応不可 with every step kept. Categories and departments are lists
-- admins edit; a staff account may belong to a department. The same tables as db/sqlite/0015_add_requests.sql.
CREATE TABLE dbo.Departments (
    DepartmentId        INT IDENTITY(1,1) NOT NULL CONSTRAINT PK_Departments PRIMARY KEY,
    Name                NVARCHAR(30)  NOT NULL,
    SortOrder           INT           NOT NULL,
    IsActive            BIT           NOT NULL CONSTRAINT DF_Departments_IsActive DEFAULT 1,
    CONSTRAINT UQ_Departments_Name UNIQUE (Name)
);

INSERT INTO dbo.Departments (Name, SortOrder) VALUES (N'総務課', 10);
INSERT INTO dbo.Departments (Name, SortOrder) VALUES (N'住民課', 20);
INSERT INTO dbo.Departments (Name, SortOrder) VALUES (N'税務課', 30);
INSERT INTO dbo.Departments (Name, SortOrder) VALUES (N'健康介護課', 40);
INSERT INTO dbo.Departments (Name, SortOrder) VALUES (N'教育委員会', 50);
INSERT INTO dbo.Departments (Name, SortOrder) VALUES (N'復興推進課', 60);

CREATE TABLE dbo.RequestCategories (
    CategoryId          INT IDENTITY(1,1) NOT NULL CONSTRAINT PK_RequestCategories PRIMARY KEY,
    Label               NVARCHAR(30)  NOT NULL,
    SortOrder           INT           NOT NULL,
    IsActive            BIT           NOT NULL CONSTRAINT DF_RequestCategories_IsActive DEFAULT 1,
    CONSTRAINT UQ_RequestCategories_Label UNIQUE (Label)
);

INSERT INTO dbo.RequestCategories (Label, SortOrder) VALUES (N'住まい・住宅', 10);
INSERT INTO dbo.RequestCategories (Label, SortOrder) VALUES (N'仕事・雇用', 20);
INSERT INTO dbo.RequestCategories (Label, SortOrder) VALUES (N'教育・子育て', 30);
INSERT INTO dbo.RequestCategories (Label, SortOrder) VALUES (N'医療・健康', 40);
INSERT INTO dbo.RequestCategories (Label, SortOrder) VALUES (N'介護・福祉', 50);
INSERT INTO dbo.RequestCategories (Label, SortOrder) VALUES (N'賠償・補償', 60);
INSERT INTO dbo.RequestCategories (Label, SortOrder) VALUES (N'生活資金・支援金', 70);
INSERT INTO dbo.RequestCategories (Label, SortOrder) VALUES (N'一時帰宅・立入り', 80);
INSERT INTO dbo.RequestCategories (Label, SortOrder) VALUES (N'除染・放射線', 90);
INSERT INTO dbo.RequestCategories (Label, SortOrder) VALUES (N'情報提供', 100);
INSERT INTO dbo.RequestCategories (Label, SortOrder) VALUES (N'各種手続き・証明', 110);
INSERT INTO dbo.RequestCategories (Label, SortOrder) VALUES (N'その他', 120);

-- NULL: the account belongs to no department (operators, supervisors, admins usually).
ALTER TABLE dbo.Users ADD DepartmentId INT NULL CONSTRAINT FK_Users_Departments REFERENCES dbo.Departments (DepartmentId);
GO

-- Status: 0 受付, 1 回付, 2 対応中, 3 完了, 4 対応不可 (3 and 4 close the request). ResidentId NULL: the whole household.
-- Version grows with every step, so two clerks working the same request cannot overwrite each other.
CREATE TABLE dbo.Requests (
    RequestId           INT IDENTITY(1,1) NOT NULL CONSTRAINT PK_Requests PRIMARY KEY,
    HouseholdId         INT           NOT NULL CONSTRAINT FK_Requests_Households REFERENCES dbo.Households (HouseholdId),
    ResidentId          INT           NULL CONSTRAINT FK_Requests_Residents REFERENCES dbo.Residents (ResidentId),
    CategoryId          INT           NOT NULL CONSTRAINT FK_Requests_RequestCategories REFERENCES dbo.RequestCategories (CategoryId),
    DepartmentId        INT           NOT NULL CONSTRAINT FK_Requests_Departments REFERENCES dbo.Departments (DepartmentId),
    IsUrgent            BIT           NOT NULL CONSTRAINT DF_Requests_IsUrgent DEFAULT 0,
    Body                NVARCHAR(2000) NOT NULL,
    Status              TINYINT       NOT NULL CONSTRAINT DF_Requests_Status DEFAULT 0,
    CallId              BIGINT        NULL CONSTRAINT FK_Requests_Calls REFERENCES dbo.Calls (CallId),
    CreatedAt           DATETIME2(3)  NOT NULL,
    CreatedBy           INT           NULL CONSTRAINT FK_Requests_Users REFERENCES dbo.Users (UserId),
    UpdatedAt           DATETIME2(3)  NOT NULL,
    ClosedAt            DATETIME2(3)  NULL,
    Version             INT           NOT NULL CONSTRAINT DF_Requests_Version DEFAULT 0
);

CREATE INDEX IX_Requests_HouseholdId ON dbo.Requests (HouseholdId, Status);
CREATE INDEX IX_Requests_DepartmentId ON dbo.Requests (DepartmentId, Status, CreatedAt);
CREATE INDEX IX_Requests_Status ON dbo.Requests (Status, CreatedAt);
CREATE INDEX IX_Requests_CreatedAt ON dbo.Requests (CreatedAt);
CREATE INDEX IX_Requests_CallId ON dbo.Requests (CallId);

-- A request's life, one row per step (the first is its 受付): who, when, the status it moved to, the department it
-- was routed to (回付) and a note. Append-only, like the safety reports.
CREATE TABLE dbo.RequestSteps (
    StepId              BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT PK_RequestSteps PRIMARY KEY,
    RequestId           INT           NOT NULL CONSTRAINT FK_RequestSteps_Requests REFERENCES dbo.Requests (RequestId),
    Status              TINYINT       NOT NULL,
    DepartmentId        INT           NULL CONSTRAINT FK_RequestSteps_Departments REFERENCES dbo.Departments (DepartmentId),
    Note                NVARCHAR(1000) NULL,
    UserId              INT           NULL CONSTRAINT FK_RequestSteps_Users REFERENCES dbo.Users (UserId),
    At                  DATETIME2(3)  NOT NULL
);

CREATE INDEX IX_RequestSteps_RequestId ON dbo.RequestSteps (RequestId, StepId);
GO

CREATE TRIGGER dbo.TR_RequestSteps_AppendOnly ON dbo.RequestSteps INSTEAD OF UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    THROW 51005, N'RequestSteps is append-only: a step of a request cannot be changed or deleted', 1;
END
GO

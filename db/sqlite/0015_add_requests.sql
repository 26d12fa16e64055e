-- Residents' requests (要望・相談): recorded in a call or from the resident page, routed to a department (担当課),
-- worked through 受付 → 回付 → 対応中 → 完了 / 対応不可 with every step kept. Categories and departments are lists
-- admins edit; a staff account may belong to a department. The same tables as db/sqlserver/0015_add_requests.sql.
CREATE TABLE Departments (
    DepartmentId        INTEGER PRIMARY KEY,
    Name                TEXT NOT NULL,
    SortOrder           INTEGER NOT NULL,
    IsActive            INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT UQ_Departments_Name UNIQUE (Name)
);

INSERT INTO Departments (Name, SortOrder) VALUES ('総務課', 10);
INSERT INTO Departments (Name, SortOrder) VALUES ('住民課', 20);
INSERT INTO Departments (Name, SortOrder) VALUES ('税務課', 30);
INSERT INTO Departments (Name, SortOrder) VALUES ('健康介護課', 40);
INSERT INTO Departments (Name, SortOrder) VALUES ('教育委員会', 50);
INSERT INTO Departments (Name, SortOrder) VALUES ('復興推進課', 60);

CREATE TABLE RequestCategories (
    CategoryId          INTEGER PRIMARY KEY,
    Label               TEXT NOT NULL,
    SortOrder           INTEGER NOT NULL,
    IsActive            INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT UQ_RequestCategories_Label UNIQUE (Label)
);

INSERT INTO RequestCategories (Label, SortOrder) VALUES ('住まい・住宅', 10);
INSERT INTO RequestCategories (Label, SortOrder) VALUES ('仕事・雇用', 20);
INSERT INTO RequestCategories (Label, SortOrder) VALUES ('教育・子育て', 30);
INSERT INTO RequestCategories (Label, SortOrder) VALUES ('医療・健康', 40);
INSERT INTO RequestCategories (Label, SortOrder) VALUES ('介護・福祉', 50);
INSERT INTO RequestCategories (Label, SortOrder) VALUES ('賠償・補償', 60);
INSERT INTO RequestCategories (Label, SortOrder) VALUES ('生活資金・支援金', 70);
INSERT INTO RequestCategories (Label, SortOrder) VALUES ('一時帰宅・立入り', 80);
INSERT INTO RequestCategories (Label, SortOrder) VALUES ('除染・放射線', 90);
INSERT INTO RequestCategories (Label, SortOrder) VALUES ('情報提供', 100);
INSERT INTO RequestCategories (Label, SortOrder) VALUES ('各種手続き・証明', 110);
INSERT INTO RequestCategories (Label, SortOrder) VALUES ('その他', 120);

-- NULL: the account belongs to no department (operators, supervisors, admins usually).
ALTER TABLE Users ADD DepartmentId INTEGER NULL REFERENCES Departments (DepartmentId);

-- Status: 0 受付, 1 回付, 2 対応中, 3 完了, 4 対応不可 (3 and 4 close the request). ResidentId NULL: the whole household.
-- Version grows with every step, so two clerks working the same request cannot overwrite each other.
CREATE TABLE Requests (
    RequestId           INTEGER PRIMARY KEY,
    HouseholdId         INTEGER NOT NULL REFERENCES Households (HouseholdId),
    ResidentId          INTEGER NULL REFERENCES Residents (ResidentId),
    CategoryId          INTEGER NOT NULL REFERENCES RequestCategories (CategoryId),
    DepartmentId        INTEGER NOT NULL REFERENCES Departments (DepartmentId),
    IsUrgent            INTEGER NOT NULL DEFAULT 0,
    Body                TEXT NOT NULL,
    Status              INTEGER NOT NULL DEFAULT 0,
    CallId              INTEGER NULL REFERENCES Calls (CallId),
    CreatedAt           TEXT NOT NULL,
    CreatedBy           INTEGER NULL REFERENCES Users (UserId),
    UpdatedAt           TEXT NOT NULL,
    ClosedAt            TEXT NULL,
    Version             INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX IX_Requests_HouseholdId ON Requests (HouseholdId, Status);
CREATE INDEX IX_Requests_DepartmentId ON Requests (DepartmentId, Status, CreatedAt);
CREATE INDEX IX_Requests_Status ON Requests (Status, CreatedAt);
CREATE INDEX IX_Requests_CreatedAt ON Requests (CreatedAt);
CREATE INDEX IX_Requests_CallId ON Requests (CallId);

-- A request's life, one row per step (the first is its 受付): who, when, the status it moved to, the department it
-- was routed to (回付) and a note. Append-only, like the safety reports.
CREATE TABLE RequestSteps (
    StepId              INTEGER PRIMARY KEY,
    RequestId           INTEGER NOT NULL REFERENCES Requests (RequestId),
    Status              INTEGER NOT NULL,
    DepartmentId        INTEGER NULL REFERENCES Departments (DepartmentId),
    Note                TEXT NULL,
    UserId              INTEGER NULL REFERENCES Users (UserId),
    At                  TEXT NOT NULL
);

CREATE INDEX IX_RequestSteps_RequestId ON RequestSteps (RequestId, StepId);

CREATE TRIGGER TR_RequestSteps_NoUpdate BEFORE UPDATE ON RequestSteps
BEGIN
    SELECT RAISE(ABORT, 'RequestSteps is append-only: a step of a request cannot be changed');
END;

CREATE TRIGGER TR_RequestSteps_NoDelete BEFORE DELETE ON RequestSteps
BEGIN
    SELECT RAISE(ABORT, 'RequestSteps is append-only: a step of a request cannot be deleted');
END;

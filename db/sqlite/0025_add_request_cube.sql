-- Requests per town, and kept counts over every dimension of the requests summary (issue 19, issue 17 item 5).
--   Requests.TownId   the town of the request's household (a household never spans towns), copied by the insert trigger
--                     like the other copies of 0017 (never written by the application);
--   RequestTallies    as in 0017, one row per town and dimension value, so the unfiltered summary of any towns reads
--                     about as many rows as it shows;
--   RequestCube       one row per town, district, month, category, prefecture and age band that has requests, with
--                     the open and closed requests: the filtered summary and its cross tables read the cells the
--                     filters keep and sum them (no GROUP BY over the requests). The key starts with what the filters
--                     narrow most (town, district, month); two more indexes serve filters on category/age band and on
--                     prefecture. A cell whose counts fall to zero is removed.
-- The triggers of 0017 on Requests are replaced by these, which keep both (the resident trigger of 0017/0024 that
-- rewrites the copies on a move or a birth-date fix is unchanged and moves the counts through them). Both are rebuilt
-- set-based here from the requests' copies. The same as db/sqlserver/0025_add_request_cube.sql.
DROP TRIGGER TR_Requests_Tallies_Insert;
DROP TRIGGER TR_Requests_Tallies_Update;
DROP TRIGGER TR_Requests_Tallies_Delete;
DROP TABLE RequestTallies;

-- The filtered summary reads the cube now; the queue has its own indexes.
DROP INDEX IX_Requests_Summary;

-- No REFERENCES: a copy kept by triggers (as District), and SQLite adds no column with a foreign key and a default.
ALTER TABLE Requests ADD TownId INTEGER NOT NULL DEFAULT 0;

UPDATE Requests
   SET TownId = COALESCE((SELECT h.TownId FROM Households h WHERE h.HouseholdId = Requests.HouseholdId), 0);

CREATE INDEX IX_Requests_TownId ON Requests (TownId, Status, CreatedAt);

CREATE TABLE RequestTallies (
    TownId              INTEGER NOT NULL,
    Dimension           INTEGER NOT NULL,
    Value               TEXT NOT NULL,
    OpenRequests        INTEGER NOT NULL,
    ClosedRequests      INTEGER NOT NULL,
    CONSTRAINT PK_RequestTallies PRIMARY KEY (TownId, Dimension, Value)
);

INSERT INTO RequestTallies (TownId, Dimension, Value, OpenRequests, ClosedRequests)
SELECT TownId, 0, CAST(CategoryId AS TEXT), SUM(CASE WHEN Status < 3 THEN 1 ELSE 0 END), SUM(CASE WHEN Status >= 3 THEN 1 ELSE 0 END)
  FROM Requests GROUP BY TownId, CategoryId
UNION ALL
SELECT TownId, 1, District, SUM(CASE WHEN Status < 3 THEN 1 ELSE 0 END), SUM(CASE WHEN Status >= 3 THEN 1 ELSE 0 END)
  FROM Requests GROUP BY TownId, District
UNION ALL
SELECT TownId, 2, CAST(PrefectureCode AS TEXT), SUM(CASE WHEN Status < 3 THEN 1 ELSE 0 END), SUM(CASE WHEN Status >= 3 THEN 1 ELSE 0 END)
  FROM Requests GROUP BY TownId, PrefectureCode
UNION ALL
SELECT TownId, 3, CAST(AgeBand AS TEXT), SUM(CASE WHEN Status < 3 THEN 1 ELSE 0 END), SUM(CASE WHEN Status >= 3 THEN 1 ELSE 0 END)
  FROM Requests GROUP BY TownId, AgeBand
UNION ALL
SELECT TownId, 4, ReceivedMonth, SUM(CASE WHEN Status < 3 THEN 1 ELSE 0 END), SUM(CASE WHEN Status >= 3 THEN 1 ELSE 0 END)
  FROM Requests GROUP BY TownId, ReceivedMonth;

CREATE TABLE RequestCube (
    TownId              INTEGER NOT NULL,
    District            TEXT NOT NULL,
    ReceivedMonth       TEXT NOT NULL,
    CategoryId          INTEGER NOT NULL,
    PrefectureCode      INTEGER NOT NULL,
    AgeBand             INTEGER NOT NULL,
    OpenRequests        INTEGER NOT NULL,
    ClosedRequests      INTEGER NOT NULL,
    CONSTRAINT PK_RequestCube PRIMARY KEY (TownId, District, ReceivedMonth, CategoryId, PrefectureCode, AgeBand)
) WITHOUT ROWID;

INSERT INTO RequestCube (TownId, District, ReceivedMonth, CategoryId, PrefectureCode, AgeBand, OpenRequests, ClosedRequests)
SELECT TownId, District, ReceivedMonth, CategoryId, PrefectureCode, AgeBand,
       SUM(CASE WHEN Status < 3 THEN 1 ELSE 0 END), SUM(CASE WHEN Status >= 3 THEN 1 ELSE 0 END)
  FROM Requests
 GROUP BY TownId, District, ReceivedMonth, CategoryId, PrefectureCode, AgeBand;

-- Covering (the counts at the end; the key's other columns are in every index of a WITHOUT ROWID table): without the
-- counts SQLite's planner preferred scanning the town's whole key range to looking each cell up from these.
CREATE INDEX IX_RequestCube_Category ON RequestCube (TownId, CategoryId, AgeBand, PrefectureCode, OpenRequests, ClosedRequests);
CREATE INDEX IX_RequestCube_Prefecture ON RequestCube (TownId, PrefectureCode, AgeBand, OpenRequests, ClosedRequests);

-- A new request is counted under its defaults at once (town 0), then its copies are filled; the update trigger moves
-- the counts.
CREATE TRIGGER TR_Requests_Counts_Insert AFTER INSERT ON Requests
BEGIN
    INSERT INTO RequestTallies (TownId, Dimension, Value, OpenRequests, ClosedRequests)
    SELECT NEW.TownId, d.Dimension, d.Value, CASE WHEN NEW.Status < 3 THEN 1 ELSE 0 END, CASE WHEN NEW.Status >= 3 THEN 1 ELSE 0 END
      FROM (SELECT 0 AS Dimension, CAST(NEW.CategoryId AS TEXT) AS Value
            UNION ALL SELECT 1, NEW.District
            UNION ALL SELECT 2, CAST(NEW.PrefectureCode AS TEXT)
            UNION ALL SELECT 3, CAST(NEW.AgeBand AS TEXT)
            UNION ALL SELECT 4, NEW.ReceivedMonth) d
     WHERE 1 = 1
    ON CONFLICT (TownId, Dimension, Value) DO UPDATE SET OpenRequests = OpenRequests + excluded.OpenRequests,
                                                         ClosedRequests = ClosedRequests + excluded.ClosedRequests;
    INSERT INTO RequestCube (TownId, District, ReceivedMonth, CategoryId, PrefectureCode, AgeBand, OpenRequests, ClosedRequests)
    VALUES (NEW.TownId, NEW.District, NEW.ReceivedMonth, NEW.CategoryId, NEW.PrefectureCode, NEW.AgeBand,
            CASE WHEN NEW.Status < 3 THEN 1 ELSE 0 END, CASE WHEN NEW.Status >= 3 THEN 1 ELSE 0 END)
    ON CONFLICT (TownId, District, ReceivedMonth, CategoryId, PrefectureCode, AgeBand)
    DO UPDATE SET OpenRequests = OpenRequests + excluded.OpenRequests, ClosedRequests = ClosedRequests + excluded.ClosedRequests;
    UPDATE Requests
       SET SubjectResidentId = COALESCE(NEW.ResidentId,
               (SELECT MIN(h.ResidentId) FROM Residents h WHERE h.HouseholdId = NEW.HouseholdId AND h.Relationship = '世帯主')),
           ReceivedMonth = strftime('%Y-%m', NEW.CreatedAt, '+9 hours'),
           TownId = COALESCE((SELECT h.TownId FROM Households h WHERE h.HouseholdId = NEW.HouseholdId), 0)
     WHERE RequestId = NEW.RequestId;
    UPDATE Requests
       SET District = COALESCE((SELECT s.District FROM Residents s WHERE s.ResidentId = Requests.SubjectResidentId), ''),
           PrefectureCode = COALESCE((SELECT s.PrefectureCode FROM Residents s WHERE s.ResidentId = Requests.SubjectResidentId), -1),
           AgeBand = COALESCE((SELECT CASE
                         WHEN a.Age < 40 THEN 0 WHEN a.Age < 50 THEN 1 WHEN a.Age < 60 THEN 2
                         WHEN a.Age < 70 THEN 3 WHEN a.Age < 80 THEN 4 ELSE 5 END
                   FROM (SELECT CAST(strftime('%Y', NEW.CreatedAt, '+9 hours') AS INTEGER) - CAST(substr(s.BirthDate, 1, 4) AS INTEGER)
                                - CASE WHEN strftime('%m-%d', NEW.CreatedAt, '+9 hours') < substr(s.BirthDate, 6, 5) THEN 1 ELSE 0 END AS Age
                           FROM Residents s
                          WHERE s.ResidentId = Requests.SubjectResidentId AND s.BirthDate IS NOT NULL) a), -1)
     WHERE RequestId = NEW.RequestId;
END;

-- Only a change of what is counted moves counts (a step 受付 → 回付 keeps the request open: nothing to do).
CREATE TRIGGER TR_Requests_Counts_Update AFTER UPDATE OF Status, CategoryId, District, PrefectureCode, AgeBand, ReceivedMonth, TownId ON Requests
WHEN OLD.TownId IS NOT NEW.TownId OR OLD.District IS NOT NEW.District OR OLD.ReceivedMonth IS NOT NEW.ReceivedMonth
  OR OLD.CategoryId IS NOT NEW.CategoryId OR OLD.PrefectureCode IS NOT NEW.PrefectureCode OR OLD.AgeBand IS NOT NEW.AgeBand
  OR (OLD.Status < 3) <> (NEW.Status < 3)
BEGIN
    UPDATE RequestTallies
       SET OpenRequests = OpenRequests - CASE WHEN OLD.Status < 3 THEN 1 ELSE 0 END,
           ClosedRequests = ClosedRequests - CASE WHEN OLD.Status >= 3 THEN 1 ELSE 0 END
     WHERE TownId = OLD.TownId
       AND ((Dimension = 0 AND Value = CAST(OLD.CategoryId AS TEXT))
         OR (Dimension = 1 AND Value = OLD.District)
         OR (Dimension = 2 AND Value = CAST(OLD.PrefectureCode AS TEXT))
         OR (Dimension = 3 AND Value = CAST(OLD.AgeBand AS TEXT))
         OR (Dimension = 4 AND Value = OLD.ReceivedMonth));
    INSERT INTO RequestTallies (TownId, Dimension, Value, OpenRequests, ClosedRequests)
    SELECT NEW.TownId, d.Dimension, d.Value, CASE WHEN NEW.Status < 3 THEN 1 ELSE 0 END, CASE WHEN NEW.Status >= 3 THEN 1 ELSE 0 END
      FROM (SELECT 0 AS Dimension, CAST(NEW.CategoryId AS TEXT) AS Value
            UNION ALL SELECT 1, NEW.District
            UNION ALL SELECT 2, CAST(NEW.PrefectureCode AS TEXT)
            UNION ALL SELECT 3, CAST(NEW.AgeBand AS TEXT)
            UNION ALL SELECT 4, NEW.ReceivedMonth) d
     WHERE 1 = 1
    ON CONFLICT (TownId, Dimension, Value) DO UPDATE SET OpenRequests = OpenRequests + excluded.OpenRequests,
                                                         ClosedRequests = ClosedRequests + excluded.ClosedRequests;
    UPDATE RequestCube
       SET OpenRequests = OpenRequests - CASE WHEN OLD.Status < 3 THEN 1 ELSE 0 END,
           ClosedRequests = ClosedRequests - CASE WHEN OLD.Status >= 3 THEN 1 ELSE 0 END
     WHERE TownId = OLD.TownId AND District = OLD.District AND ReceivedMonth = OLD.ReceivedMonth
       AND CategoryId = OLD.CategoryId AND PrefectureCode = OLD.PrefectureCode AND AgeBand = OLD.AgeBand;
    DELETE FROM RequestCube
     WHERE TownId = OLD.TownId AND District = OLD.District AND ReceivedMonth = OLD.ReceivedMonth
       AND CategoryId = OLD.CategoryId AND PrefectureCode = OLD.PrefectureCode AND AgeBand = OLD.AgeBand
       AND OpenRequests = 0 AND ClosedRequests = 0;
    INSERT INTO RequestCube (TownId, District, ReceivedMonth, CategoryId, PrefectureCode, AgeBand, OpenRequests, ClosedRequests)
    VALUES (NEW.TownId, NEW.District, NEW.ReceivedMonth, NEW.CategoryId, NEW.PrefectureCode, NEW.AgeBand,
            CASE WHEN NEW.Status < 3 THEN 1 ELSE 0 END, CASE WHEN NEW.Status >= 3 THEN 1 ELSE 0 END)
    ON CONFLICT (TownId, District, ReceivedMonth, CategoryId, PrefectureCode, AgeBand)
    DO UPDATE SET OpenRequests = OpenRequests + excluded.OpenRequests, ClosedRequests = ClosedRequests + excluded.ClosedRequests;
END;

CREATE TRIGGER TR_Requests_Counts_Delete AFTER DELETE ON Requests
BEGIN
    UPDATE RequestTallies
       SET OpenRequests = OpenRequests - CASE WHEN OLD.Status < 3 THEN 1 ELSE 0 END,
           ClosedRequests = ClosedRequests - CASE WHEN OLD.Status >= 3 THEN 1 ELSE 0 END
     WHERE TownId = OLD.TownId
       AND ((Dimension = 0 AND Value = CAST(OLD.CategoryId AS TEXT))
         OR (Dimension = 1 AND Value = OLD.District)
         OR (Dimension = 2 AND Value = CAST(OLD.PrefectureCode AS TEXT))
         OR (Dimension = 3 AND Value = CAST(OLD.AgeBand AS TEXT))
         OR (Dimension = 4 AND Value = OLD.ReceivedMonth));
    UPDATE RequestCube
       SET OpenRequests = OpenRequests - CASE WHEN OLD.Status < 3 THEN 1 ELSE 0 END,
           ClosedRequests = ClosedRequests - CASE WHEN OLD.Status >= 3 THEN 1 ELSE 0 END
     WHERE TownId = OLD.TownId AND District = OLD.District AND ReceivedMonth = OLD.ReceivedMonth
       AND CategoryId = OLD.CategoryId AND PrefectureCode = OLD.PrefectureCode AND AgeBand = OLD.AgeBand;
    DELETE FROM RequestCube
     WHERE TownId = OLD.TownId AND District = OLD.District AND ReceivedMonth = OLD.ReceivedMonth
       AND CategoryId = OLD.CategoryId AND PrefectureCode = OLD.PrefectureCode AND AgeBand = OLD.AgeBand
       AND OpenRequests = 0 AND ClosedRequests = 0;
END;

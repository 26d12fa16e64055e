-- The filtered requests summary reads RequestCube from a copy held in process (CallCenter.Data/Requests/RequestCubeCopy.cs)
-- that applies only the cells changed since its last read, as the search index does with the register (0013). Every
-- change of a cell's counts bumps RequestCubeVersion and stamps the cell with the new version. A cell whose counts fall
-- to zero is now kept (at zero, stamped) instead of removed, so every copy learns of it: the two triggers of 0025 that
-- removed such cells are replaced by the same triggers without that statement. The cube is no longer filtered in SQL,
-- so its two secondary indexes of 0025 go (each cell change paid for them). The same as
-- db/sqlserver/0030_add_request_cube_stamp.sql.
CREATE TABLE RequestCubeVersion (
    RequestCubeVersionId INTEGER NOT NULL PRIMARY KEY CHECK (RequestCubeVersionId = 1),
    Version              INTEGER NOT NULL
);

INSERT INTO RequestCubeVersion (RequestCubeVersionId, Version) VALUES (1, 0);

ALTER TABLE RequestCube ADD Stamp INTEGER NOT NULL DEFAULT 0;

CREATE INDEX IX_RequestCube_Stamp ON RequestCube (Stamp);

DROP INDEX IX_RequestCube_Category;
DROP INDEX IX_RequestCube_Prefecture;

CREATE TRIGGER TR_RequestCube_Stamp_Insert AFTER INSERT ON RequestCube
BEGIN
    UPDATE RequestCubeVersion SET Version = Version + 1 WHERE RequestCubeVersionId = 1;
    UPDATE RequestCube SET Stamp = (SELECT Version FROM RequestCubeVersion WHERE RequestCubeVersionId = 1)
     WHERE TownId = NEW.TownId AND District = NEW.District AND ReceivedMonth = NEW.ReceivedMonth
       AND CategoryId = NEW.CategoryId AND PrefectureCode = NEW.PrefectureCode AND AgeBand = NEW.AgeBand;
END;

CREATE TRIGGER TR_RequestCube_Stamp_Update AFTER UPDATE OF OpenRequests, ClosedRequests ON RequestCube
WHEN OLD.OpenRequests <> NEW.OpenRequests OR OLD.ClosedRequests <> NEW.ClosedRequests
BEGIN
    UPDATE RequestCubeVersion SET Version = Version + 1 WHERE RequestCubeVersionId = 1;
    UPDATE RequestCube SET Stamp = (SELECT Version FROM RequestCubeVersion WHERE RequestCubeVersionId = 1)
     WHERE TownId = NEW.TownId AND District = NEW.District AND ReceivedMonth = NEW.ReceivedMonth
       AND CategoryId = NEW.CategoryId AND PrefectureCode = NEW.PrefectureCode AND AgeBand = NEW.AgeBand;
END;

DROP TRIGGER TR_Requests_Counts_Update;
DROP TRIGGER TR_Requests_Counts_Delete;

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
END;

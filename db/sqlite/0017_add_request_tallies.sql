-- The requests summary (/requests/summary), kept exact in the writing transaction like the dashboard's summaries.
-- Each request carries the figures it is counted under, copied by triggers (never written by the application):
--   SubjectResidentId  the person the request is about: its resident, or for a household request the household head
--                      (続柄 世帯主, the lowest resident id) at 受付;
--   District           the subject's current 行政区 ('' when none);
--   PrefectureCode     the subject's current prefecture (Residents.PrefectureCode, -1 when unknown);
--   AgeBand            the subject's age at 受付 (Japan time) in bands 0 〜39, 1 40代, 2 50代, 3 60代, 4 70代, 5 80〜
--                      (-1 when the birth date is unknown);
--   ReceivedMonth      the month of 受付 in Japan time ('2026-03').
-- A change of a resident's district, prefecture or birth date rewrites the copies on that person's requests, and every
-- change of a request's copies or status moves its count in RequestTallies: one row per dimension value (0 category,
-- 1 district, 2 prefecture, 3 age band, 4 month) with the open and closed requests, so a summary load reads about as
-- many rows as it shows. The queue filters on the same copies. The same as db/sqlserver/0017_add_request_tallies.sql.
ALTER TABLE Requests ADD SubjectResidentId INTEGER NULL REFERENCES Residents (ResidentId);
ALTER TABLE Requests ADD District TEXT NOT NULL DEFAULT '';
ALTER TABLE Requests ADD PrefectureCode INTEGER NOT NULL DEFAULT -1;
ALTER TABLE Requests ADD AgeBand INTEGER NOT NULL DEFAULT -1;
ALTER TABLE Requests ADD ReceivedMonth TEXT NOT NULL DEFAULT '';

CREATE INDEX IX_Requests_SubjectResidentId ON Requests (SubjectResidentId);
CREATE INDEX IX_Requests_District ON Requests (District, Status, CreatedAt);

CREATE TABLE RequestTallies (
    Dimension           INTEGER NOT NULL,
    Value               TEXT NOT NULL,
    OpenRequests        INTEGER NOT NULL,
    ClosedRequests      INTEGER NOT NULL,
    CONSTRAINT PK_RequestTallies PRIMARY KEY (Dimension, Value)
);

-- A new request is counted under its defaults at once, then its copies are filled; the update trigger moves the count.
CREATE TRIGGER TR_Requests_Tallies_Insert AFTER INSERT ON Requests
BEGIN
    INSERT INTO RequestTallies (Dimension, Value, OpenRequests, ClosedRequests)
    SELECT d.Dimension, d.Value, CASE WHEN NEW.Status < 3 THEN 1 ELSE 0 END, CASE WHEN NEW.Status >= 3 THEN 1 ELSE 0 END
      FROM (SELECT 0 AS Dimension, CAST(NEW.CategoryId AS TEXT) AS Value
            UNION ALL SELECT 1, NEW.District
            UNION ALL SELECT 2, CAST(NEW.PrefectureCode AS TEXT)
            UNION ALL SELECT 3, CAST(NEW.AgeBand AS TEXT)
            UNION ALL SELECT 4, NEW.ReceivedMonth) d
     WHERE 1 = 1
    ON CONFLICT (Dimension, Value) DO UPDATE SET OpenRequests = OpenRequests + excluded.OpenRequests,
                                                 ClosedRequests = ClosedRequests + excluded.ClosedRequests;
    UPDATE Requests
       SET SubjectResidentId = COALESCE(NEW.ResidentId,
               (SELECT MIN(h.ResidentId) FROM Residents h WHERE h.HouseholdId = NEW.HouseholdId AND h.Relationship = '世帯主')),
           ReceivedMonth = strftime('%Y-%m', NEW.CreatedAt, '+9 hours')
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

CREATE TRIGGER TR_Requests_Tallies_Update AFTER UPDATE OF Status, CategoryId, District, PrefectureCode, AgeBand, ReceivedMonth ON Requests
BEGIN
    UPDATE RequestTallies
       SET OpenRequests = OpenRequests - CASE WHEN OLD.Status < 3 THEN 1 ELSE 0 END,
           ClosedRequests = ClosedRequests - CASE WHEN OLD.Status >= 3 THEN 1 ELSE 0 END
     WHERE (Dimension = 0 AND Value = CAST(OLD.CategoryId AS TEXT))
        OR (Dimension = 1 AND Value = OLD.District)
        OR (Dimension = 2 AND Value = CAST(OLD.PrefectureCode AS TEXT))
        OR (Dimension = 3 AND Value = CAST(OLD.AgeBand AS TEXT))
        OR (Dimension = 4 AND Value = OLD.ReceivedMonth);
    INSERT INTO RequestTallies (Dimension, Value, OpenRequests, ClosedRequests)
    SELECT d.Dimension, d.Value, CASE WHEN NEW.Status < 3 THEN 1 ELSE 0 END, CASE WHEN NEW.Status >= 3 THEN 1 ELSE 0 END
      FROM (SELECT 0 AS Dimension, CAST(NEW.CategoryId AS TEXT) AS Value
            UNION ALL SELECT 1, NEW.District
            UNION ALL SELECT 2, CAST(NEW.PrefectureCode AS TEXT)
            UNION ALL SELECT 3, CAST(NEW.AgeBand AS TEXT)
            UNION ALL SELECT 4, NEW.ReceivedMonth) d
     WHERE 1 = 1
    ON CONFLICT (Dimension, Value) DO UPDATE SET OpenRequests = OpenRequests + excluded.OpenRequests,
                                                 ClosedRequests = ClosedRequests + excluded.ClosedRequests;
END;

CREATE TRIGGER TR_Requests_Tallies_Delete AFTER DELETE ON Requests
BEGIN
    UPDATE RequestTallies
       SET OpenRequests = OpenRequests - CASE WHEN OLD.Status < 3 THEN 1 ELSE 0 END,
           ClosedRequests = ClosedRequests - CASE WHEN OLD.Status >= 3 THEN 1 ELSE 0 END
     WHERE (Dimension = 0 AND Value = CAST(OLD.CategoryId AS TEXT))
        OR (Dimension = 1 AND Value = OLD.District)
        OR (Dimension = 2 AND Value = CAST(OLD.PrefectureCode AS TEXT))
        OR (Dimension = 3 AND Value = CAST(OLD.AgeBand AS TEXT))
        OR (Dimension = 4 AND Value = OLD.ReceivedMonth);
END;

-- A resident's move (district, prefecture) or corrected birth date rewrites the copies on the requests about them.
CREATE TRIGGER TR_Residents_Requests_Update AFTER UPDATE OF District, PrefectureCode, BirthDate ON Residents
BEGIN
    UPDATE Requests
       SET District = COALESCE(NEW.District, ''),
           PrefectureCode = COALESCE(NEW.PrefectureCode, -1),
           AgeBand = CASE WHEN NEW.BirthDate IS NULL THEN -1 ELSE (SELECT CASE
                         WHEN a.Age < 40 THEN 0 WHEN a.Age < 50 THEN 1 WHEN a.Age < 60 THEN 2
                         WHEN a.Age < 70 THEN 3 WHEN a.Age < 80 THEN 4 ELSE 5 END
                   FROM (SELECT CAST(strftime('%Y', Requests.CreatedAt, '+9 hours') AS INTEGER) - CAST(substr(NEW.BirthDate, 1, 4) AS INTEGER)
                                - CASE WHEN strftime('%m-%d', Requests.CreatedAt, '+9 hours') < substr(NEW.BirthDate, 6, 5) THEN 1 ELSE 0 END AS Age) a) END
     WHERE SubjectResidentId = NEW.ResidentId;
END;

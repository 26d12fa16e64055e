-- The filtered requests summary reads RequestCube from a copy held in process (CallCenter.Data/Requests/RequestCubeCopy.cs)
-- that applies only the cells changed since its last read, as the search index does with the register (0013). Every
-- change of cells' counts bumps RequestCubeVersion (its row lock orders the writers, so stamps commit in order) and
-- stamps the changed cells with the new version. A cell whose counts fall to zero is now kept (at zero, stamped) instead
-- of removed, so every copy learns of it. The cube is no longer filtered in SQL, so its two secondary indexes of 0025
-- go. The same as db/sqlite/0030_add_request_cube_stamp.sql.
CREATE TABLE dbo.RequestCubeVersion (
    RequestCubeVersionId INT    NOT NULL CONSTRAINT PK_RequestCubeVersion PRIMARY KEY
                                CONSTRAINT CK_RequestCubeVersion_One CHECK (RequestCubeVersionId = 1),
    Version              BIGINT NOT NULL
);

INSERT INTO dbo.RequestCubeVersion (RequestCubeVersionId, Version) VALUES (1, 0);

ALTER TABLE dbo.RequestCube ADD Stamp BIGINT NOT NULL CONSTRAINT DF_RequestCube_Stamp DEFAULT 0;
GO

CREATE INDEX IX_RequestCube_Stamp ON dbo.RequestCube (Stamp);

DROP INDEX IX_RequestCube_Category ON dbo.RequestCube;
DROP INDEX IX_RequestCube_Prefecture ON dbo.RequestCube;
GO

ALTER TRIGGER dbo.TR_Requests_Tallies ON dbo.Requests AFTER INSERT, UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;

    -- Each changed request once as it was (-1) and once as it is (+1).
    DECLARE @c TABLE (TownId INT NOT NULL, CategoryId INT NOT NULL, District NVARCHAR(50) NOT NULL, PrefectureCode INT NOT NULL,
        AgeBand INT NOT NULL, ReceivedMonth NVARCHAR(7) NOT NULL, OpenN INT NOT NULL, ClosedN INT NOT NULL);
    INSERT INTO @c (TownId, CategoryId, District, PrefectureCode, AgeBand, ReceivedMonth, OpenN, ClosedN)
    SELECT c.TownId, c.CategoryId, c.District, c.PrefectureCode, c.AgeBand, c.ReceivedMonth,
           c.N * CASE WHEN c.Status < 3 THEN 1 ELSE 0 END, c.N * CASE WHEN c.Status >= 3 THEN 1 ELSE 0 END
      FROM (SELECT o.TownId, o.CategoryId, o.District, o.PrefectureCode, o.AgeBand, o.ReceivedMonth, CAST(o.Status AS INT) AS Status, -1 AS N
              FROM deleted o
            UNION ALL
            SELECT n.TownId, n.CategoryId, n.District, n.PrefectureCode, n.AgeBand, n.ReceivedMonth, CAST(n.Status AS INT), 1
              FROM inserted n) c;

    MERGE dbo.RequestTallies WITH (HOLDLOCK) AS t
    USING (
        SELECT c.TownId, v.Dimension, v.Value, SUM(c.OpenN) AS OpenN, SUM(c.ClosedN) AS ClosedN
          FROM @c c
         CROSS APPLY (VALUES (0, CAST(c.CategoryId AS NVARCHAR(50))), (1, c.District), (2, CAST(c.PrefectureCode AS NVARCHAR(50))),
                             (3, CAST(c.AgeBand AS NVARCHAR(50))), (4, c.ReceivedMonth)) v (Dimension, Value)
         GROUP BY c.TownId, v.Dimension, v.Value
        HAVING SUM(c.OpenN) <> 0 OR SUM(c.ClosedN) <> 0) AS s
       ON t.TownId = s.TownId AND t.Dimension = s.Dimension AND t.Value = s.Value
     WHEN MATCHED THEN UPDATE SET OpenRequests = t.OpenRequests + s.OpenN, ClosedRequests = t.ClosedRequests + s.ClosedN
     WHEN NOT MATCHED THEN INSERT (TownId, Dimension, Value, OpenRequests, ClosedRequests) VALUES (s.TownId, s.Dimension, s.Value, s.OpenN, s.ClosedN);

    -- The cells whose counts move: the version is bumped once and each of them stamped with it (a step that keeps a
    -- request open moves nothing and bumps nothing). A cell that falls to zero is kept, stamped, so every copy learns of it.
    DECLARE @cells TABLE (TownId INT NOT NULL, District NVARCHAR(50) NOT NULL, ReceivedMonth NVARCHAR(7) NOT NULL, CategoryId INT NOT NULL,
        PrefectureCode INT NOT NULL, AgeBand INT NOT NULL, OpenN INT NOT NULL, ClosedN INT NOT NULL);
    INSERT INTO @cells (TownId, District, ReceivedMonth, CategoryId, PrefectureCode, AgeBand, OpenN, ClosedN)
    SELECT c.TownId, c.District, c.ReceivedMonth, c.CategoryId, c.PrefectureCode, c.AgeBand, SUM(c.OpenN), SUM(c.ClosedN)
      FROM @c c
     GROUP BY c.TownId, c.District, c.ReceivedMonth, c.CategoryId, c.PrefectureCode, c.AgeBand
    HAVING SUM(c.OpenN) <> 0 OR SUM(c.ClosedN) <> 0;

    IF NOT EXISTS (SELECT 1 FROM @cells)
        RETURN;

    DECLARE @stamp BIGINT;
    UPDATE dbo.RequestCubeVersion SET Version = Version + 1 WHERE RequestCubeVersionId = 1;
    SELECT @stamp = Version FROM dbo.RequestCubeVersion WHERE RequestCubeVersionId = 1;

    MERGE dbo.RequestCube WITH (HOLDLOCK) AS t
    USING @cells AS s
       ON t.TownId = s.TownId AND t.District = s.District AND t.ReceivedMonth = s.ReceivedMonth
      AND t.CategoryId = s.CategoryId AND t.PrefectureCode = s.PrefectureCode AND t.AgeBand = s.AgeBand
     WHEN MATCHED THEN UPDATE SET OpenRequests = t.OpenRequests + s.OpenN, ClosedRequests = t.ClosedRequests + s.ClosedN, Stamp = @stamp
     WHEN NOT MATCHED THEN INSERT (TownId, District, ReceivedMonth, CategoryId, PrefectureCode, AgeBand, OpenRequests, ClosedRequests, Stamp)
          VALUES (s.TownId, s.District, s.ReceivedMonth, s.CategoryId, s.PrefectureCode, s.AgeBand, s.OpenN, s.ClosedN, @stamp);
END
GO

-- A bulk writer may hold a summary's triggers off inside its own write transaction and recount the summary set-based
-- before it commits: the postal import of the intention survey writes hundreds of thousands of counting answers, and
-- their count trigger (0018) costs more than the rows themselves. A pause is a row here, inserted and deleted in the
-- writer's transaction; another writer's trigger reading it waits for that transaction (or, under row versioning, sees it
-- absent and counts its own row, which the recount then includes). The same table and effect as
-- db/sqlite/0023_add_trigger_pauses.sql.
CREATE TABLE dbo.TriggerPauses (
    Name                NVARCHAR(60)  NOT NULL CONSTRAINT PK_TriggerPauses PRIMARY KEY
);
GO

-- The counting answers' count trigger of 0018, unchanged but for the pause 'IntentionGroupCounts'.
ALTER TRIGGER dbo.TR_HouseholdIntentions_Counts ON dbo.HouseholdIntentions AFTER INSERT, UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    IF EXISTS (SELECT 1 FROM dbo.TriggerPauses WHERE Name = N'IntentionGroupCounts')
        RETURN;
    MERGE dbo.IntentionGroupCounts WITH (HOLDLOCK) AS t
    USING (
        SELECT d.RoundId, k.Dimension, k.GroupKey, d.Intention, SUM(d.N) AS N
          FROM (SELECT o.RoundId, o.HouseholdId, CAST(o.Intention AS INT) AS Intention, -1 AS N FROM deleted o
                UNION ALL
                SELECT n.RoundId, n.HouseholdId, CAST(n.Intention AS INT), 1 FROM inserted n) d
          JOIN dbo.IntentionHouseholdKeys k ON k.HouseholdId = d.HouseholdId
         GROUP BY d.RoundId, k.Dimension, k.GroupKey, d.Intention
        HAVING SUM(d.N) <> 0) AS s
       ON t.RoundId = s.RoundId AND t.Dimension = s.Dimension AND t.GroupKey = s.GroupKey AND t.Intention = s.Intention
     WHEN MATCHED THEN UPDATE SET Households = t.Households + s.N
     WHEN NOT MATCHED THEN INSERT (RoundId, Dimension, GroupKey, Intention, Households)
                           VALUES (s.RoundId, s.Dimension, s.GroupKey, s.Intention, s.N);
END
GO

-- A bulk writer may hold a summary's per-row triggers off inside its own write transaction and recount the summary
-- set-based before it commits: the postal import of the intention survey writes hundreds of thousands of counting
-- answers, and their per-row count triggers (0018) cost more than the rows themselves. A pause is a row here, inserted
-- and deleted in the writer's transaction: no other connection ever sees it (SQLite has one writer; readers see the last
-- commit). The same table and effect as db/sqlserver/0023_add_trigger_pauses.sql.
CREATE TABLE TriggerPauses (
    Name                TEXT    NOT NULL PRIMARY KEY
);

-- The counting answers' count triggers of 0018, unchanged but for the pause 'IntentionGroupCounts'.
DROP TRIGGER TR_HouseholdIntentions_Counts_Insert;
DROP TRIGGER TR_HouseholdIntentions_Counts_Update;
DROP TRIGGER TR_HouseholdIntentions_Counts_Delete;

CREATE TRIGGER TR_HouseholdIntentions_Counts_Insert AFTER INSERT ON HouseholdIntentions
WHEN NOT EXISTS (SELECT 1 FROM TriggerPauses WHERE Name = 'IntentionGroupCounts')
BEGIN
    INSERT INTO IntentionGroupCounts (RoundId, Dimension, GroupKey, Intention, Households)
    SELECT NEW.RoundId, k.Dimension, k.GroupKey, NEW.Intention, 1
      FROM IntentionHouseholdKeys k
     WHERE k.HouseholdId = NEW.HouseholdId
    ON CONFLICT (RoundId, Dimension, GroupKey, Intention) DO UPDATE SET Households = Households + 1;
END;

CREATE TRIGGER TR_HouseholdIntentions_Counts_Update AFTER UPDATE OF RoundId, HouseholdId, Intention ON HouseholdIntentions
WHEN NOT EXISTS (SELECT 1 FROM TriggerPauses WHERE Name = 'IntentionGroupCounts')
BEGIN
    UPDATE IntentionGroupCounts SET Households = Households - 1
     WHERE RoundId = OLD.RoundId AND Intention = OLD.Intention
       AND (Dimension, GroupKey) IN (SELECT k.Dimension, k.GroupKey FROM IntentionHouseholdKeys k WHERE k.HouseholdId = OLD.HouseholdId);
    INSERT INTO IntentionGroupCounts (RoundId, Dimension, GroupKey, Intention, Households)
    SELECT NEW.RoundId, k.Dimension, k.GroupKey, NEW.Intention, 1
      FROM IntentionHouseholdKeys k
     WHERE k.HouseholdId = NEW.HouseholdId
    ON CONFLICT (RoundId, Dimension, GroupKey, Intention) DO UPDATE SET Households = Households + 1;
END;

CREATE TRIGGER TR_HouseholdIntentions_Counts_Delete AFTER DELETE ON HouseholdIntentions
WHEN NOT EXISTS (SELECT 1 FROM TriggerPauses WHERE Name = 'IntentionGroupCounts')
BEGIN
    UPDATE IntentionGroupCounts SET Households = Households - 1
     WHERE RoundId = OLD.RoundId AND Intention = OLD.Intention
       AND (Dimension, GroupKey) IN (SELECT k.Dimension, k.GroupKey FROM IntentionHouseholdKeys k WHERE k.HouseholdId = OLD.HouseholdId);
END;

-- TR_IntentionHouseholds_Move (0026) found the counts a household leaves by its town alone: SQLite does not seek a
-- row-value IN (…) over a subquery, so every change of a head's whereabouts (a call's report) read all of its town's
-- intention counts: thousands of rows at town size (a call's save went from p95 4 ms to 10 ms), hundreds of thousands at
-- 1,000,000 residents (the bench's month of activity no longer finished). Each grouping is now its own UPDATE whose
-- town, round, grouping and key seek PK_IntentionGroupCounts (the round from the household's answers, the answer checked
-- on the few rows found): a handful of rows whatever the register's size. The same rows are decremented as before (a
-- register count in round 0, one per answered round; grouping 0 only when the town changes). The INSERT is unchanged.
-- SQL Server's trigger (one MERGE on the whole key) is unchanged: db/sqlserver/0032_intention_move_seeks.sql.
DROP TRIGGER TR_IntentionHouseholds_Move;

CREATE TRIGGER TR_IntentionHouseholds_Move AFTER UPDATE ON IntentionHouseholds
BEGIN
    UPDATE IntentionGroupCounts SET Households = Households - 1
     WHERE TownId = OLD.TownId AND Dimension = 0 AND GroupKey = '' AND OLD.TownId IS NOT NEW.TownId
       AND RoundId IN (SELECT 0 UNION ALL SELECT a.RoundId FROM HouseholdIntentions a WHERE a.HouseholdId = OLD.HouseholdId)
       AND ((RoundId = 0 AND Intention = 0)
            OR EXISTS (SELECT 1 FROM HouseholdIntentions a
                        WHERE a.HouseholdId = OLD.HouseholdId AND a.RoundId = IntentionGroupCounts.RoundId
                          AND a.Intention = IntentionGroupCounts.Intention));
    UPDATE IntentionGroupCounts SET Households = Households - 1
     WHERE TownId = OLD.TownId AND Dimension = 1 AND GroupKey = OLD.District
       AND RoundId IN (SELECT 0 UNION ALL SELECT a.RoundId FROM HouseholdIntentions a WHERE a.HouseholdId = OLD.HouseholdId)
       AND ((RoundId = 0 AND Intention = 0)
            OR EXISTS (SELECT 1 FROM HouseholdIntentions a
                        WHERE a.HouseholdId = OLD.HouseholdId AND a.RoundId = IntentionGroupCounts.RoundId
                          AND a.Intention = IntentionGroupCounts.Intention));
    UPDATE IntentionGroupCounts SET Households = Households - 1
     WHERE TownId = OLD.TownId AND Dimension = 2 AND GroupKey = COALESCE(OLD.Prefecture, '')
       AND RoundId IN (SELECT 0 UNION ALL SELECT a.RoundId FROM HouseholdIntentions a WHERE a.HouseholdId = OLD.HouseholdId)
       AND ((RoundId = 0 AND Intention = 0)
            OR EXISTS (SELECT 1 FROM HouseholdIntentions a
                        WHERE a.HouseholdId = OLD.HouseholdId AND a.RoundId = IntentionGroupCounts.RoundId
                          AND a.Intention = IntentionGroupCounts.Intention));
    UPDATE IntentionGroupCounts SET Households = Households - 1
     WHERE TownId = OLD.TownId AND Dimension = 3 AND GroupKey = COALESCE(OLD.Whereabouts, '')
       AND RoundId IN (SELECT 0 UNION ALL SELECT a.RoundId FROM HouseholdIntentions a WHERE a.HouseholdId = OLD.HouseholdId)
       AND ((RoundId = 0 AND Intention = 0)
            OR EXISTS (SELECT 1 FROM HouseholdIntentions a
                        WHERE a.HouseholdId = OLD.HouseholdId AND a.RoundId = IntentionGroupCounts.RoundId
                          AND a.Intention = IntentionGroupCounts.Intention));
    UPDATE IntentionGroupCounts SET Households = Households - 1
     WHERE TownId = OLD.TownId AND Dimension = 4 AND GroupKey = SUBSTRING(COALESCE(OLD.BirthDate, ''), 1, 7)
       AND RoundId IN (SELECT 0 UNION ALL SELECT a.RoundId FROM HouseholdIntentions a WHERE a.HouseholdId = OLD.HouseholdId)
       AND ((RoundId = 0 AND Intention = 0)
            OR EXISTS (SELECT 1 FROM HouseholdIntentions a
                        WHERE a.HouseholdId = OLD.HouseholdId AND a.RoundId = IntentionGroupCounts.RoundId
                          AND a.Intention = IntentionGroupCounts.Intention));
    UPDATE IntentionGroupCounts SET Households = Households - 1
     WHERE TownId = OLD.TownId AND Dimension = 5 AND GroupKey = COALESCE(OLD.BirthDate, '')
       AND RoundId IN (SELECT 0 UNION ALL SELECT a.RoundId FROM HouseholdIntentions a WHERE a.HouseholdId = OLD.HouseholdId)
       AND ((RoundId = 0 AND Intention = 0)
            OR EXISTS (SELECT 1 FROM HouseholdIntentions a
                        WHERE a.HouseholdId = OLD.HouseholdId AND a.RoundId = IntentionGroupCounts.RoundId
                          AND a.Intention = IntentionGroupCounts.Intention));
    INSERT INTO IntentionGroupCounts (TownId, RoundId, Dimension, GroupKey, Intention, Households)
    SELECT NEW.TownId, a.RoundId, k.Dimension, k.GroupKey, a.Intention, 1
      FROM (SELECT 0 AS RoundId, 0 AS Intention
            UNION ALL
            SELECT x.RoundId, x.Intention FROM HouseholdIntentions x WHERE x.HouseholdId = NEW.HouseholdId) a
     CROSS JOIN (SELECT 1 AS Dimension, NEW.District AS GroupKey
                 UNION ALL SELECT 2, COALESCE(NEW.Prefecture, '')
                 UNION ALL SELECT 3, COALESCE(NEW.Whereabouts, '')
                 UNION ALL SELECT 4, SUBSTRING(COALESCE(NEW.BirthDate, ''), 1, 7)
                 UNION ALL SELECT 5, COALESCE(NEW.BirthDate, '')
                 UNION ALL SELECT 0, '' WHERE OLD.TownId IS NOT NEW.TownId) k
     WHERE true
    ON CONFLICT (TownId, RoundId, Dimension, GroupKey, Intention) DO UPDATE SET Households = Households + 1;
END;

-- Issue 19 (A): outbound calling per town. The queue carries each household's town, so that 「次へ」 hands an operator
-- only households of their towns straight from an index (TownId, Priority, Tries, HouseholdId), and a district
-- assignment names its town: a district of the same name in two towns is two districts. Existing queue rows take their
-- household's town; existing assignments are town 1's (the only register before issue 19). The same columns and
-- indexes as db/sqlserver/0027_outbound_by_town.sql.

ALTER TABLE OutboundQueue ADD COLUMN TownId INTEGER NOT NULL DEFAULT 1;

UPDATE OutboundQueue
   SET TownId = (SELECT h.TownId FROM Households h WHERE h.HouseholdId = OutboundQueue.HouseholdId);

CREATE INDEX IX_OutboundQueue_Town ON OutboundQueue (TownId, Priority, Tries, HouseholdId);
CREATE INDEX IX_OutboundQueue_TownDistrict ON OutboundQueue (TownId, District, Priority, Tries, HouseholdId);

ALTER TABLE OutboundAssignments ADD COLUMN TownId INTEGER NOT NULL DEFAULT 1 REFERENCES Towns (TownId);

DROP INDEX IX_OutboundAssignments_District;
CREATE INDEX IX_OutboundAssignments_District ON OutboundAssignments (District, TownId);

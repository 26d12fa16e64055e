-- Issue 19 (A): outbound calling per town. The queue carries each household's town, so that 「次へ」 hands an operator
-- only households of their towns straight from an index (TownId, Priority, Tries, HouseholdId), and a district
-- assignment names its town: a district of the same name in two towns is two districts. Existing queue rows take their
-- household's town; existing assignments are town 1's (the only register before issue 19). The same columns and
-- indexes as db/sqlite/0027_outbound_by_town.sql.
ALTER TABLE dbo.OutboundQueue ADD TownId INT NOT NULL CONSTRAINT DF_OutboundQueue_TownId DEFAULT 1;
ALTER TABLE dbo.OutboundAssignments ADD TownId INT NOT NULL CONSTRAINT DF_OutboundAssignments_TownId DEFAULT 1
    CONSTRAINT FK_OutboundAssignments_Towns REFERENCES dbo.Towns (TownId);
GO

UPDATE q
   SET q.TownId = h.TownId
  FROM dbo.OutboundQueue q
  JOIN dbo.Households h ON h.HouseholdId = q.HouseholdId;

ALTER TABLE dbo.OutboundQueue DROP CONSTRAINT DF_OutboundQueue_TownId;
ALTER TABLE dbo.OutboundAssignments DROP CONSTRAINT DF_OutboundAssignments_TownId;

CREATE INDEX IX_OutboundQueue_Town ON dbo.OutboundQueue (TownId, Priority, Tries, HouseholdId);
CREATE INDEX IX_OutboundQueue_TownDistrict ON dbo.OutboundQueue (TownId, District, Priority, Tries, HouseholdId);

DROP INDEX IX_OutboundAssignments_District ON dbo.OutboundAssignments;
CREATE INDEX IX_OutboundAssignments_District ON dbo.OutboundAssignments (District, TownId);
GO

-- Orleans' ADO.NET providers read the SQL they run from this table at start-up; its name and
-- columns are fixed by Orleans. The queries themselves (and the tables behind them) are ours.
CREATE TABLE OrleansQuery
(
    QueryKey  varchar(64)   NOT NULL PRIMARY KEY,
    QueryText varchar(8000) NOT NULL
);

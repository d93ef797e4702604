-- Failed logins for names that have no account (Silo/Accounts/UnknownNameThrottles), kept durably
-- like a real account's count, so both cost one write and an unknown name locks out the same way
-- while its grain does not stay in memory. Only a hash of the name is kept.
CREATE TABLE unknown_name_throttle
(
    service_id      varchar(150) NOT NULL,
    name_hash       bytea        NOT NULL,
    failures        integer      NOT NULL,
    last_failure_at timestamptz  NOT NULL,
    PRIMARY KEY (service_id, name_hash)
);

-- The sweep (Silo/Maintenance/UnknownNameThrottleSweep) deletes rows past any lockout by age.
CREATE INDEX unknown_name_throttle_by_time ON unknown_name_throttle (service_id, last_failure_at);

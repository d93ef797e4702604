-- The retention sweep (Silo/Maintenance/AuditRetentionSweep) deletes by age.
CREATE INDEX audit_event_by_time ON audit_event (service_id, occurred_at);

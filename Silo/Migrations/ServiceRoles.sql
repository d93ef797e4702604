-- The roles silo and frontend log in as, and everything each may touch. Applied after every
-- migration run, not journaled: a table a migration created or recreated is granted again, and a
-- privilege taken out of this file is taken out of the database. A table not named here is no
-- service's. The migrator passes the role names and the passwords' SCRAM verifiers (empty: leave
-- the role's login as it is) as settings that last until the end of this transaction.
DO $$
DECLARE
    silo          text := current_setting('keykeeper.silo_role');
    frontend      text := current_setting('keykeeper.frontend_role');
    silo_password text := current_setting('keykeeper.silo_password');
    frontend_password text := current_setting('keykeeper.frontend_password');
    service       text;
BEGIN
    FOREACH service IN ARRAY ARRAY[silo, frontend] LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = service) THEN
            BEGIN
                -- No login until it has a password: the AppHost's, or an operator's ALTER ROLE.
                EXECUTE format('CREATE ROLE %I NOLOGIN', service);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL; -- another migrator made it meanwhile
            END;
        END IF;

        EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM %I', service);
        EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM %I', service);
        EXECUTE format('REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM %I', service);
    END LOOP;

    IF silo_password <> '' THEN
        EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L', silo, silo_password);
    END IF;
    IF frontend_password <> '' THEN
        EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L', frontend, frontend_password);
    END IF;

    -- PostgreSQL lets everyone execute a new function; ours are granted by name below. (A trigger
    -- runs its function without this check.)
    REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC;
    ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

    -- Both: Orleans reads its queries at start-up.
    EXECUTE format('GRANT SELECT ON orleansquery TO %I, %I', silo, frontend);

    -- The silo: grain state and what its trigger derives, the canary, the membership.
    -- The audit trail is append-only: rows are added by the trigger and removed by the retention sweep.
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON grain_state, user_key_encryption TO %I', silo);
    EXECUTE format('GRANT SELECT, INSERT, DELETE ON audit_event TO %I', silo);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON user_deleted_keys, unknown_name_throttle, cluster_membership_version, cluster_membership TO %I', silo);
    -- The gateway's usage ledger, written by the user's grain.
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON usage_daily TO %I', silo);
    EXECUTE format('GRANT SELECT, INSERT ON key_encryption_canary TO %I', silo);
    EXECUTE format('GRANT EXECUTE ON FUNCTION cluster_insert_version(text), '
        'cluster_insert_member(text, text, integer, integer, text, text, integer, integer, timestamptz, timestamptz, integer), '
        'cluster_update_member(text, text, integer, integer, integer, text, timestamptz, integer) TO %I', silo);

    -- The frontend: the gateway list, and its Data Protection key ring; no grain state, no audit.
    EXECUTE format('GRANT SELECT ON cluster_membership_version, cluster_membership TO %I', frontend);
    EXECUTE format('GRANT SELECT, INSERT ON data_protection_keys TO %I', frontend);
END
$$;

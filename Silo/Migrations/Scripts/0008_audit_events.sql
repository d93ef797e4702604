-- The audit trail holds account events (sign-ins, password and 2FA changes, app tokens) as well
-- as key events, so its table is named for both. This is the trigger's one definition (databases
-- migrated before it had an earlier one, dropped here); it reads the header names of
-- UserRowHeader and AuditEvent (Silo/Storage), the only other place they are spelled.

ALTER TABLE key_audit RENAME TO audit_event;
ALTER INDEX key_audit_by_user RENAME TO audit_event_by_user;

DROP TRIGGER IF EXISTS user_keys_state_written ON grain_state;
DROP FUNCTION IF EXISTS user_keys_state_written();

CREATE FUNCTION user_row_written() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    header_end integer := position('\x0a'::bytea IN NEW.payload);
    header     jsonb := '{}'::jsonb;
    needed_key_ids text[];
BEGIN
    IF header_end > 0 THEN
        header := convert_from(substring(NEW.payload FROM 1 FOR header_end - 1), 'UTF8')::jsonb;
    END IF;

    INSERT INTO audit_event (record_id, service_id, user_name, provider, action, key_version, occurred_at, session_id, client_address, app_token_id)
    SELECT (e->>'id')::uuid, NEW.service_id, substr(NEW.grain_id_string, 6), e->>'provider', e->>'action',
           (e->>'version')::integer, (e->>'at')::timestamptz, e->>'sessionId', e->>'clientAddress', e->>'appTokenId'
    FROM jsonb_array_elements(COALESCE(header->'audit', '[]'::jsonb)) AS e;

    -- Almost every write leaves the key ids as they were: look before writing.
    needed_key_ids := ARRAY(SELECT jsonb_array_elements_text(COALESCE(header->'keyIds', '[]'::jsonb)) ORDER BY 1);
    IF NOT EXISTS (SELECT 1 FROM user_key_encryption u
                   WHERE u.service_id = NEW.service_id AND u.grain_id_string = NEW.grain_id_string AND u.key_ids = needed_key_ids) THEN
        INSERT INTO user_key_encryption (service_id, grain_id_string, key_ids)
        VALUES (NEW.service_id, NEW.grain_id_string, needed_key_ids)
        ON CONFLICT (service_id, grain_id_string) DO UPDATE SET key_ids = EXCLUDED.key_ids;
    END IF;

    -- Deleted keys are only added here; the purge sweep removes a row once the grain has purged
    -- what was due (or the key was undeleted meanwhile), so most writes touch nothing.
    INSERT INTO user_deleted_keys (service_id, grain_id_string, provider, deleted_at)
    SELECT NEW.service_id, NEW.grain_id_string, d.key, (d.value #>> '{}')::timestamptz
    FROM jsonb_each(COALESCE(header->'deleted', '{}'::jsonb)) AS d
    ON CONFLICT (service_id, grain_id_string, provider) DO UPDATE SET deleted_at = EXCLUDED.deleted_at
    WHERE user_deleted_keys.deleted_at IS DISTINCT FROM EXCLUDED.deleted_at;

    RETURN NULL;
END
$$;

CREATE TRIGGER user_row_written
AFTER INSERT OR UPDATE OF payload ON grain_state
FOR EACH ROW WHEN (NEW.grain_type = 'user-keys')
EXECUTE FUNCTION user_row_written();

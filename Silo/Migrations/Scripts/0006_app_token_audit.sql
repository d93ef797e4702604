-- Account security: the audit trail also names the app token that read a key (or was created or
-- revoked). The trigger of 0005 is replaced as it was, except that it copies the new field.

ALTER TABLE key_audit ADD COLUMN app_token_id text NULL;

CREATE OR REPLACE FUNCTION user_keys_state_written() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    header_end integer := position('\x0a'::bytea IN NEW.payload);
    header     jsonb;
    needed_key_ids text[];
BEGIN
    IF NEW.payload IS NULL THEN
        header := '{}'::jsonb;
    ELSIF header_end > 0 THEN
        header := convert_from(substring(NEW.payload FROM 1 FOR header_end - 1), 'UTF8')::jsonb;
    ELSE
        header := jsonb_build_object('KeyIds', COALESCE(
            (SELECT jsonb_agg(DISTINCT k.value->'Value'->>'KeyId')
             FROM jsonb_each(COALESCE(convert_from(NEW.payload, 'UTF8')::jsonb->'Keys', '{}'::jsonb)) AS k),
            '[]'::jsonb));
    END IF;

    INSERT INTO key_audit (record_id, service_id, user_name, provider, action, key_version, occurred_at, session_id, client_address, app_token_id)
    SELECT (r->>'Id')::uuid, NEW.service_id, substr(NEW.grain_id_string, 6), r->>'Provider', r->>'Action',
           (r->>'Version')::integer, (r->>'At')::timestamptz, r->>'SessionId', r->>'ClientAddress', r->>'AppTokenId'
    FROM jsonb_array_elements(COALESCE(header->'PendingAudit', '[]'::jsonb)) AS r;

    -- Almost every write leaves the key ids as they were: look before writing.
    needed_key_ids := ARRAY(SELECT jsonb_array_elements_text(COALESCE(header->'KeyIds', '[]'::jsonb)) ORDER BY 1);
    IF NOT EXISTS (SELECT 1 FROM user_key_encryption u
                   WHERE u.service_id = NEW.service_id AND u.grain_id_string = NEW.grain_id_string AND u.key_ids = needed_key_ids) THEN
        INSERT INTO user_key_encryption (service_id, grain_id_string, key_ids)
        VALUES (NEW.service_id, NEW.grain_id_string, needed_key_ids)
        ON CONFLICT (service_id, grain_id_string) DO UPDATE SET key_ids = EXCLUDED.key_ids;
    END IF;

    -- Deleted keys are only ever added here; the purge sweep removes a row once the user's grain
    -- has purged what was due (or the key was undeleted meanwhile), so most writes touch nothing.
    INSERT INTO user_deleted_keys (service_id, grain_id_string, provider, deleted_at)
    SELECT NEW.service_id, NEW.grain_id_string, d.key, (d.value #>> '{}')::timestamptz
    FROM jsonb_each(COALESCE(header->'Deleted', '{}'::jsonb)) AS d
    ON CONFLICT (service_id, grain_id_string, provider) DO UPDATE SET deleted_at = EXCLUDED.deleted_at
    WHERE user_deleted_keys.deleted_at IS DISTINCT FROM EXCLUDED.deleted_at;

    RETURN NULL;
END
$$;

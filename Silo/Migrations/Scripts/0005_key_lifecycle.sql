-- Key lifecycle: the audit trail, the key-encryption keys each user's data depends on, and the
-- soft-deleted keys waiting for their purge. All three are derived from the user-keys state row
-- by a trigger, in the same statement that writes the row: a change and its audit record commit
-- together or not at all, and the side tables can never disagree with the state.

CREATE TABLE key_audit
(
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Chosen by the grain; a write retried after an unclear failure cannot record twice.
    record_id      uuid         NOT NULL UNIQUE,
    service_id     varchar(150) NOT NULL,
    user_name      text         NOT NULL,
    provider       text         NULL,
    action         text         NOT NULL,
    key_version    integer      NULL,
    occurred_at    timestamptz  NOT NULL,
    session_id     text         NULL,
    client_address text         NULL
);

CREATE INDEX key_audit_by_user ON key_audit (service_id, user_name, id DESC);

CREATE TABLE user_key_encryption
(
    service_id      varchar(150) NOT NULL,
    grain_id_string varchar(512) NOT NULL,
    -- Every key-encryption key id the user's stored data needs to be read.
    key_ids         text[]       NOT NULL,
    PRIMARY KEY (service_id, grain_id_string)
);

CREATE INDEX user_key_encryption_by_key ON user_key_encryption USING gin (key_ids);

CREATE TABLE user_deleted_keys
(
    service_id      varchar(150) NOT NULL,
    grain_id_string varchar(512) NOT NULL,
    provider        text         NOT NULL,
    deleted_at      timestamptz  NOT NULL,
    PRIMARY KEY (service_id, grain_id_string, provider)
);

CREATE INDEX user_deleted_keys_by_time ON user_deleted_keys (deleted_at);

CREATE FUNCTION user_keys_state_written() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    state jsonb := CASE WHEN NEW.payload IS NULL THEN '{}'::jsonb ELSE convert_from(NEW.payload, 'UTF8')::jsonb END;
    key_ids text[];
BEGIN
    INSERT INTO key_audit (record_id, service_id, user_name, provider, action, key_version, occurred_at, session_id, client_address)
    SELECT (r->>'Id')::uuid, NEW.service_id, substr(NEW.grain_id_string, 6), r->>'Provider', r->>'Action',
           (r->>'Version')::integer, (r->>'At')::timestamptz, r->>'SessionId', r->>'ClientAddress'
    FROM jsonb_array_elements(COALESCE(state->'PendingAudit', '[]'::jsonb)) AS r
    ON CONFLICT (record_id) DO NOTHING;

    key_ids := ARRAY(
        SELECT DISTINCT id FROM (
            SELECT state->'DataKey'->>'KeyId' AS id
            UNION ALL
            SELECT k.value->'Value'->>'KeyId' FROM jsonb_each(COALESCE(state->'Keys', '{}'::jsonb)) AS k
        ) AS ids
        WHERE id IS NOT NULL
        ORDER BY id);
    INSERT INTO user_key_encryption (service_id, grain_id_string, key_ids)
    VALUES (NEW.service_id, NEW.grain_id_string, key_ids)
    ON CONFLICT (service_id, grain_id_string) DO UPDATE SET key_ids = EXCLUDED.key_ids
    WHERE user_key_encryption.key_ids IS DISTINCT FROM EXCLUDED.key_ids;

    DELETE FROM user_deleted_keys WHERE service_id = NEW.service_id AND grain_id_string = NEW.grain_id_string;
    INSERT INTO user_deleted_keys (service_id, grain_id_string, provider, deleted_at)
    SELECT NEW.service_id, NEW.grain_id_string, p.key, (p.value->>'DeletedAt')::timestamptz
    FROM jsonb_each(COALESCE(state->'Providers', '{}'::jsonb)) AS p
    WHERE jsonb_typeof(p.value->'DeletedAt') = 'string';

    RETURN NULL;
END
$$;

CREATE TRIGGER user_keys_state_written
AFTER INSERT OR UPDATE OF payload ON grain_state
FOR EACH ROW WHEN (NEW.grain_type = 'user-keys')
EXECUTE FUNCTION user_keys_state_written();

-- Rows written before this migration: fill the side tables (no audit records are pending in them).
UPDATE grain_state SET payload = payload WHERE grain_type = 'user-keys';

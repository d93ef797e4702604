-- Key lifecycle: the audit trail, the key-encryption keys each user's data depends on, and the
-- soft-deleted keys waiting for their purge. All three are derived from the user-keys state row's
-- header by a trigger, in the same statement that writes the row: a change and its audit record
-- commit together or not at all, and the side tables can never disagree with the state.

CREATE TABLE key_audit
(
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Chosen by the grain: ties a row to the change that made it.
    record_id      uuid         NOT NULL,
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

CREATE TABLE user_deleted_keys
(
    service_id      varchar(150) NOT NULL,
    grain_id_string varchar(512) NOT NULL,
    provider        text         NOT NULL,
    deleted_at      timestamptz  NOT NULL,
    PRIMARY KEY (service_id, grain_id_string, provider)
);

CREATE INDEX user_deleted_keys_by_time ON user_deleted_keys (deleted_at);

-- A user-keys row is two lines of JSON: a small header (pending audit records, the key ids the
-- data needs, the deleted keys) and the state. Only the header is parsed here, so the cost of a
-- write does not grow with the user's key history. A one-line row predates the header: its key
-- ids are read from the state itself (keys then were encrypted directly under a key id).
CREATE FUNCTION user_keys_state_written() RETURNS trigger
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

    INSERT INTO key_audit (record_id, service_id, user_name, provider, action, key_version, occurred_at, session_id, client_address)
    SELECT (r->>'Id')::uuid, NEW.service_id, substr(NEW.grain_id_string, 6), r->>'Provider', r->>'Action',
           (r->>'Version')::integer, (r->>'At')::timestamptz, r->>'SessionId', r->>'ClientAddress'
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

CREATE TRIGGER user_keys_state_written
AFTER INSERT OR UPDATE OF payload ON grain_state
FOR EACH ROW WHEN (NEW.grain_type = 'user-keys')
EXECUTE FUNCTION user_keys_state_written();

-- Rows written before this migration: fill the side tables (no audit records are pending in them).
UPDATE grain_state SET payload = payload WHERE grain_type = 'user-keys';

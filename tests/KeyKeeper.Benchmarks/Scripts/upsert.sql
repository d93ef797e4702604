-- pgbench script: one durable upsert of a grain_state-shaped row per transaction.
-- Variables (pgbench -D): clients, rows_per_client, payload (a real user's row, so the size and
-- the compression are the app's; a salt in front makes every write a new value).
-- Each client writes only its own rows, as each wrk connection writes its own users' grains, so
-- row locks never make clients wait for each other's commits.
\set id 1 + :client_id + :clients * random(0, :rows_per_client - 1)
\set salt random(1, 2000000000)
INSERT INTO bench_upsert AS s
    (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_string, grain_id_hash, grain_type_hash, payload, version)
VALUES
    ('bench', 'user-keys', 0, 0, 'bench-row-' || :id, :id, 0,
     convert_to(:salt::text || :payload, 'UTF8'), 1)
ON CONFLICT ON CONSTRAINT bench_upsert_pkey
DO UPDATE SET payload = EXCLUDED.payload, version = s.version + 1, modified_at = now();

-- Cluster membership for Microsoft.Orleans.Clustering.AdoNet, so several silos (and the
-- frontends' gateway lists) find each other through the same database. Every change to a
-- member row is a compare-and-swap on the deployment's version row.
CREATE TABLE cluster_membership_version
(
    deployment_id varchar(150) NOT NULL PRIMARY KEY,
    version       integer      NOT NULL DEFAULT 0,
    updated_at    timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE cluster_membership
(
    deployment_id   varchar(150)  NOT NULL REFERENCES cluster_membership_version (deployment_id),
    address         varchar(45)   NOT NULL,
    port            integer       NOT NULL,
    generation      integer       NOT NULL,
    silo_name       varchar(150)  NOT NULL,
    host_name       varchar(150)  NOT NULL,
    status          integer       NOT NULL,
    proxy_port      integer       NOT NULL DEFAULT 0,
    suspect_times   varchar(8000) NULL,
    start_time      timestamptz   NOT NULL,
    i_am_alive_time timestamptz   NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

CREATE FUNCTION cluster_insert_version(p_deployment_id text) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    inserted integer;
BEGIN
    INSERT INTO cluster_membership_version (deployment_id) VALUES (p_deployment_id)
    ON CONFLICT (deployment_id) DO NOTHING;
    GET DIAGNOSTICS inserted = ROW_COUNT;
    RETURN inserted;
END
$$;

-- Locking the version row first serializes writers; a writer that waited sees the new version
-- and fails its compare instead of writing a member row under a stale version.
CREATE FUNCTION cluster_insert_member(
    p_deployment_id text, p_address text, p_port integer, p_generation integer,
    p_silo_name text, p_host_name text, p_status integer, p_proxy_port integer,
    p_start_time timestamptz, p_i_am_alive_time timestamptz, p_version integer) RETURNS integer
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM cluster_membership_version
    WHERE deployment_id = p_deployment_id AND version = p_version
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    INSERT INTO cluster_membership (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
    VALUES (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status, COALESCE(p_proxy_port, 0), p_start_time, p_i_am_alive_time)
    ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE cluster_membership_version SET version = version + 1, updated_at = now()
    WHERE deployment_id = p_deployment_id;
    RETURN 1;
END
$$;

CREATE FUNCTION cluster_update_member(
    p_deployment_id text, p_address text, p_port integer, p_generation integer,
    p_status integer, p_suspect_times text, p_i_am_alive_time timestamptz, p_version integer) RETURNS integer
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM cluster_membership_version
    WHERE deployment_id = p_deployment_id AND version = p_version
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE cluster_membership
    SET status = p_status, suspect_times = p_suspect_times, i_am_alive_time = p_i_am_alive_time
    WHERE deployment_id = p_deployment_id AND address = p_address AND port = p_port AND generation = p_generation;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE cluster_membership_version SET version = version + 1, updated_at = now()
    WHERE deployment_id = p_deployment_id;
    RETURN 1;
END
$$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', '
SELECT cluster_insert_version(@DeploymentId);
'),
('InsertMembershipKey', '
SELECT cluster_insert_member(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort::integer, @StartTime, @IAmAliveTime, @Version);
'),
('UpdateMembershipKey', '
SELECT cluster_update_member(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes::text, @IAmAliveTime, @Version);
'),
('UpdateIAmAlivetimeKey', '
UPDATE cluster_membership
SET i_am_alive_time = @IAmAliveTime
WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation;
'),
('MembershipReadRowKey', '
SELECT v.deployment_id AS DeploymentId, m.address AS Address, m.port AS Port, m.generation AS Generation,
       m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
       m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime,
       v.version AS Version
FROM cluster_membership_version v
LEFT JOIN cluster_membership m
       ON m.deployment_id = v.deployment_id
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId;
'),
('MembershipReadAllKey', '
SELECT v.deployment_id AS DeploymentId, m.address AS Address, m.port AS Port, m.generation AS Generation,
       m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
       m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime,
       v.version AS Version
FROM cluster_membership_version v
LEFT JOIN cluster_membership m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId;
'),
('GatewaysQueryKey', '
SELECT address AS Address, proxy_port AS ProxyPort, generation AS Generation
FROM cluster_membership
WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0;
'),
('DeleteMembershipTableEntriesKey', '
DELETE FROM cluster_membership WHERE deployment_id = @DeploymentId;
DELETE FROM cluster_membership_version WHERE deployment_id = @DeploymentId;
'),
-- Status 3 is Active: only rows of silos that stopped answering are removed.
('CleanupDefunctSiloEntriesKey', '
DELETE FROM cluster_membership
WHERE deployment_id = @DeploymentId AND i_am_alive_time < @IAmAliveTime AND status <> 3;
');

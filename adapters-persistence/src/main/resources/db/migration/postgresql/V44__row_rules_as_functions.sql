-- The rules a row of grants, license_keys and outbox must keep, the same ones as before, enforced through one CHECK a
-- table calling a PL/pgSQL function instead of nineteen CHECK constraints (session 48). PostgreSQL (15, where it was
-- measured) reads every CHECK constraint of a table from its stored text again for each statement that writes the
-- table, not once a connection: a fulfill's one write statement touches all three tables, so each fulfill parsed about
-- 20 KB of stored expressions, a tenth of the database's CPU for it. A function's compiled body is kept by the
-- connection, and the CHECK that calls it is short: about 3.5 KB of stored expression a fulfill instead of 20 KB.
-- Fulfills a second at 16 clients, same jar side by side, with and without: dev-notes/2026-12-08-s48/fulfillcpu.
--
-- Each rule is written once, in its table's function, beside the name of the constraint it was: a row breaking it is
-- refused with check_violation (SQLSTATE 23514) naming that rule, so a refusal still says which rule. A row passes a
-- rule that comes out true or null, as it passed the CHECK. Changing a rule later means replacing the function, which
-- checks only the rows written after: re-check the others by dropping and adding the table's constraint.
--
-- Adding the constraints reads each table once to check the rows already there (they kept exactly these rules until
-- now), while the migration holds the three tables' locks: on millions of grants, seconds.

CREATE FUNCTION grantor_rule_broken(relation text, rule text) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', TABLE = relation, CONSTRAINT = rule,
        MESSAGE = format('new row for relation "%s" violates check constraint "%s"', relation, rule);
END $$;

CREATE FUNCTION grants_rules(status text, ended_status text, delivered_at bigint, license_key_id text,
                             delivery_payload text, failed_at bigint, error_code text, error_message text,
                             integration_type text, license_key text, payment_id text, subscription_id text,
                             revoked_at bigint, revocation_reason text, version bigint)
    RETURNS boolean LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    IF NOT coalesce(status IN ('Pending', 'Delivered', 'Failed', 'Revoked'), true) THEN
        RETURN grantor_rule_broken('grants', 'grants_status');
    END IF;
    IF NOT coalesce(ended_status IN ('Pending', 'Delivered', 'Failed')
                    AND (status = 'Revoked' OR status = ended_status), true) THEN
        RETURN grantor_rule_broken('grants', 'grants_ended_status');
    END IF;
    IF NOT coalesce((ended_status = 'Delivered') = (delivered_at IS NOT NULL)
                    AND (delivered_at IS NULL OR (license_key_id IS NOT NULL) <> (delivery_payload IS NOT NULL)), true) THEN
        RETURN grantor_rule_broken('grants', 'grants_delivery');
    END IF;
    IF NOT coalesce((ended_status = 'Failed')
                    = (failed_at IS NOT NULL AND error_code IS NOT NULL AND error_message IS NOT NULL), true) THEN
        RETURN grantor_rule_broken('grants', 'grants_failure');
    END IF;
    IF NOT coalesce(integration_type IN ('discord', 'telegram', 'github', 'figma', 'framer', 'notion', 'digital_files',
                                         'license_key', 'feature_flag'), true) THEN
        RETURN grantor_rule_broken('grants', 'grants_integration_type');
    END IF;
    IF NOT coalesce((license_key_id IS NULL OR integration_type = 'license_key')
                    AND ((license_key_id IS NULL) = (license_key IS NULL)), true) THEN
        RETURN grantor_rule_broken('grants', 'grants_key_only_for_license_key');
    END IF;
    IF NOT coalesce(payment_id IS NULL OR subscription_id IS NULL, true) THEN
        RETURN grantor_rule_broken('grants', 'grants_one_origin');
    END IF;
    IF NOT coalesce((status = 'Revoked') = (revoked_at IS NOT NULL AND revocation_reason IS NOT NULL), true) THEN
        RETURN grantor_rule_broken('grants', 'grants_revocation');
    END IF;
    IF NOT coalesce(revocation_reason IS NULL
                    OR revocation_reason IN ('manual', 'refund', 'subscription_cancelled', 'subscription_on_hold',
                                             'subscription_paused', 'subscription_expired', 'plan_changed',
                                             'license_key_disabled', 'platform_external'), true) THEN
        RETURN grantor_rule_broken('grants', 'grants_revocation_reason');
    END IF;
    IF NOT coalesce(version >= 0, true) THEN
        RETURN grantor_rule_broken('grants', 'grants_version_check');
    END IF;
    RETURN true;
END $$;

CREATE FUNCTION license_keys_rules(value text, expires_at_second bigint, expires_at_nano integer, source text,
                                   grant_id text, activations_limit integer, version bigint)
    RETURNS boolean LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    IF NOT coalesce(length(value) >= 1 AND length(value) <= 1024 AND value = btrim(value), true) THEN
        RETURN grantor_rule_broken('license_keys', 'license_keys_value_trimmed');
    END IF;
    IF NOT coalesce((expires_at_second IS NULL) = (expires_at_nano IS NULL)
                    AND (expires_at_nano IS NULL OR (expires_at_nano >= 0 AND expires_at_nano <= 999999999)), true) THEN
        RETURN grantor_rule_broken('license_keys', 'license_keys_expiry');
    END IF;
    IF NOT coalesce(source IN ('auto', 'manual', 'import'), true) THEN
        RETURN grantor_rule_broken('license_keys', 'license_keys_source');
    END IF;
    IF NOT coalesce(grant_id IS NOT NULL OR source = 'import', true) THEN
        RETURN grantor_rule_broken('license_keys', 'license_keys_grant_unless_imported');
    END IF;
    IF NOT coalesce(activations_limit IS NULL OR activations_limit >= 1, true) THEN
        RETURN grantor_rule_broken('license_keys', 'license_keys_activations_limit');
    END IF;
    IF NOT coalesce(version >= 0, true) THEN
        RETURN grantor_rule_broken('license_keys', 'license_keys_version_check');
    END IF;
    RETURN true;
END $$;

CREATE FUNCTION outbox_rules(status text, kind text, attempts integer)
    RETURNS boolean LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    IF NOT coalesce(status IN ('PENDING', 'SENT', 'PARKED'), true) THEN
        RETURN grantor_rule_broken('outbox', 'outbox_status');
    END IF;
    IF NOT coalesce(kind IN ('EMAIL', 'EVENT'), true) THEN
        RETURN grantor_rule_broken('outbox', 'outbox_kind');
    END IF;
    IF NOT coalesce(attempts >= 0, true) THEN
        RETURN grantor_rule_broken('outbox', 'outbox_attempts');
    END IF;
    RETURN true;
END $$;

ALTER TABLE grants
    DROP CONSTRAINT grants_status, DROP CONSTRAINT grants_ended_status, DROP CONSTRAINT grants_delivery,
    DROP CONSTRAINT grants_failure, DROP CONSTRAINT grants_integration_type,
    DROP CONSTRAINT grants_key_only_for_license_key, DROP CONSTRAINT grants_one_origin,
    DROP CONSTRAINT grants_revocation, DROP CONSTRAINT grants_revocation_reason, DROP CONSTRAINT grants_version_check,
    ADD CONSTRAINT grants_rules CHECK (grants_rules(status, ended_status, delivered_at, license_key_id, delivery_payload,
        failed_at, error_code, error_message, integration_type, license_key, payment_id, subscription_id, revoked_at,
        revocation_reason, version));
ALTER TABLE license_keys
    DROP CONSTRAINT license_keys_value_trimmed, DROP CONSTRAINT license_keys_expiry, DROP CONSTRAINT license_keys_source,
    DROP CONSTRAINT license_keys_grant_unless_imported, DROP CONSTRAINT license_keys_activations_limit,
    DROP CONSTRAINT license_keys_version_check,
    ADD CONSTRAINT license_keys_rules CHECK (license_keys_rules(value, expires_at_second, expires_at_nano, source,
        grant_id, activations_limit, version));
ALTER TABLE outbox
    DROP CONSTRAINT outbox_status, DROP CONSTRAINT outbox_kind, DROP CONSTRAINT outbox_attempts,
    ADD CONSTRAINT outbox_rules CHECK (outbox_rules(status, kind, attempts));

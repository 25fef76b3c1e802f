-- Prototype for the A/B only (B's database, by hand): the 19 CHECK constraints of grants, license_keys and outbox as
-- one CHECK a table calling a PL/pgSQL function of the columns the rules read; the same rules, a row passes a rule
-- when it is true or null (as a CHECK does); a failed rule raises check_violation under the rule's own name.
ALTER TABLE grants DROP CONSTRAINT grants_delivery, DROP CONSTRAINT grants_ended_status, DROP CONSTRAINT grants_failure,
  DROP CONSTRAINT grants_integration_type, DROP CONSTRAINT grants_key_only_for_license_key, DROP CONSTRAINT grants_one_origin,
  DROP CONSTRAINT grants_revocation, DROP CONSTRAINT grants_revocation_reason, DROP CONSTRAINT grants_status,
  DROP CONSTRAINT grants_version_check;
ALTER TABLE license_keys DROP CONSTRAINT license_keys_value_trimmed, DROP CONSTRAINT license_keys_expiry,
  DROP CONSTRAINT license_keys_source, DROP CONSTRAINT license_keys_grant_unless_imported,
  DROP CONSTRAINT license_keys_activations_limit, DROP CONSTRAINT license_keys_version_check;
ALTER TABLE outbox DROP CONSTRAINT outbox_status, DROP CONSTRAINT outbox_kind, DROP CONSTRAINT outbox_attempts;

CREATE FUNCTION grants_rules(status text, ended_status text, delivered_at bigint, license_key_id text, delivery_payload text,
  failed_at bigint, error_code text, error_message text, integration_type text, license_key text, payment_id text,
  subscription_id text, revoked_at bigint, revocation_reason text, version bigint)
RETURNS boolean LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  IF coalesce(status IN ('Pending', 'Delivered', 'Failed', 'Revoked'), true)
     AND coalesce(ended_status IN ('Pending', 'Delivered', 'Failed') AND (status = 'Revoked' OR status = ended_status), true)
     AND coalesce((ended_status = 'Delivered') = (delivered_at IS NOT NULL)
                  AND (delivered_at IS NULL OR (license_key_id IS NOT NULL) <> (delivery_payload IS NOT NULL)), true)
     AND coalesce((ended_status = 'Failed') = (failed_at IS NOT NULL AND error_code IS NOT NULL AND error_message IS NOT NULL), true)
     AND coalesce(integration_type IN ('discord', 'telegram', 'github', 'figma', 'framer', 'notion', 'digital_files',
                  'license_key', 'feature_flag'), true)
     AND coalesce((license_key_id IS NULL OR integration_type = 'license_key') AND ((license_key_id IS NULL) = (license_key IS NULL)), true)
     AND coalesce(payment_id IS NULL OR subscription_id IS NULL, true)
     AND coalesce((status = 'Revoked') = (revoked_at IS NOT NULL AND revocation_reason IS NOT NULL), true)
     AND coalesce(revocation_reason IS NULL OR revocation_reason IN ('manual', 'refund', 'subscription_cancelled',
                  'subscription_on_hold', 'subscription_paused', 'subscription_expired', 'plan_changed',
                  'license_key_disabled', 'platform_external'), true)
     AND coalesce(version >= 0, true) THEN
    RETURN true;
  END IF;
  RAISE EXCEPTION USING ERRCODE = 'check_violation', TABLE = 'grants', CONSTRAINT = 'grants_rules',
    MESSAGE = 'new row for relation "grants" violates check constraint "grants_rules"';
END $$;

CREATE FUNCTION license_keys_rules(value text, expires_at_second bigint, expires_at_nano integer, source text, grant_id text,
  activations_limit integer, version bigint)
RETURNS boolean LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  IF coalesce(length(value) >= 1 AND length(value) <= 1024 AND value = btrim(value), true)
     AND coalesce((expires_at_second IS NULL) = (expires_at_nano IS NULL)
                  AND (expires_at_nano IS NULL OR (expires_at_nano >= 0 AND expires_at_nano <= 999999999)), true)
     AND coalesce(source IN ('auto', 'manual', 'import'), true)
     AND coalesce(grant_id IS NOT NULL OR source = 'import', true)
     AND coalesce(activations_limit IS NULL OR activations_limit >= 1, true)
     AND coalesce(version >= 0, true) THEN
    RETURN true;
  END IF;
  RAISE EXCEPTION USING ERRCODE = 'check_violation', TABLE = 'license_keys', CONSTRAINT = 'license_keys_rules',
    MESSAGE = 'new row for relation "license_keys" violates check constraint "license_keys_rules"';
END $$;

CREATE FUNCTION outbox_rules(status text, kind text, attempts integer)
RETURNS boolean LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  IF coalesce(status IN ('PENDING', 'SENT', 'PARKED'), true) AND coalesce(kind IN ('EMAIL', 'EVENT'), true)
     AND coalesce(attempts >= 0, true) THEN
    RETURN true;
  END IF;
  RAISE EXCEPTION USING ERRCODE = 'check_violation', TABLE = 'outbox', CONSTRAINT = 'outbox_rules',
    MESSAGE = 'new row for relation "outbox" violates check constraint "outbox_rules"';
END $$;

ALTER TABLE grants ADD CONSTRAINT grants_rules CHECK (grants_rules(status, ended_status, delivered_at, license_key_id,
  delivery_payload, failed_at, error_code, error_message, integration_type, license_key, payment_id, subscription_id,
  revoked_at, revocation_reason, version));
ALTER TABLE license_keys ADD CONSTRAINT license_keys_rules CHECK (license_keys_rules(value, expires_at_second,
  expires_at_nano, source, grant_id, activations_limit, version));
ALTER TABLE outbox ADD CONSTRAINT outbox_rules CHECK (outbox_rules(status, kind, attempts));

/**
 * REINSTALL_REMOVED is the ON CONFLICT clause of every statement that installs
 * a key component (registration and repairs): a part with the same canonical
 * identity may be fitted again only if it was removed — not while installed
 * in another unit, not once scrapped — and not while another spelling of it
 * that collided before migration 008 (identity_rank > 0) still holds it.
 * Rows the clause refuses come back missing from RETURNING, which the caller
 * turns into DUPLICATE_COMPONENT or SCRAPPED_COMPONENT.
 */
export const REINSTALL_REMOVED = `
  ON CONFLICT (component_type, canonical_maker, canonical_serial, identity_rank) DO UPDATE
    SET maker = EXCLUDED.maker, serial = EXCLUDED.serial, lot = EXCLUDED.lot, canonical_lot = EXCLUDED.canonical_lot,
        robot_code = EXCLUDED.robot_code, state = 'installed', updated_at = EXCLUDED.updated_at
    WHERE components.state = 'removed'
      AND NOT EXISTS (SELECT 1 FROM components o WHERE o.component_type = components.component_type AND o.canonical_maker = components.canonical_maker
                         AND o.canonical_serial = components.canonical_serial AND o.state <> 'removed')`;

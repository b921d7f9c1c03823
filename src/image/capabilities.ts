/**
 * Decodes the `security.capability` xattr (Linux `struct vfs_cap_data`) that `setcap` writes, and
 * prints it the way `getcap` (libcap's `cap_to_text`) does, so findings read like what an admin
 * would see on the box.
 */

export interface FileCapabilities {
  /** As `getcap FILE` prints it after the name, e.g. `cap_net_raw=ep`; without the v3 `[rootid=…]`, which getcap shows only with -n. */
  text: string;
  /** The effective flag: at exec, every permitted and inheritable capability becomes effective at once. */
  effective: boolean;
  /** Names in bit order; bits libcap has no name for are `cap_<n>`. */
  permitted: string[];
  inheritable: string[];
  /** v3 only: the user namespace root the capabilities are for (`setcap -n`). */
  rootUid: number | undefined;
  version: 1 | 2 | 3;
}

/** libcap's names, by bit number (linux/capability.h, up to CAP_CHECKPOINT_RESTORE = 40). */
const NAMES: readonly string[] = [
  'cap_chown',
  'cap_dac_override',
  'cap_dac_read_search',
  'cap_fowner',
  'cap_fsetid',
  'cap_kill',
  'cap_setgid',
  'cap_setuid',
  'cap_setpcap',
  'cap_linux_immutable',
  'cap_net_bind_service',
  'cap_net_broadcast',
  'cap_net_admin',
  'cap_net_raw',
  'cap_ipc_lock',
  'cap_ipc_owner',
  'cap_sys_module',
  'cap_sys_rawio',
  'cap_sys_chroot',
  'cap_sys_ptrace',
  'cap_sys_pacct',
  'cap_sys_admin',
  'cap_sys_boot',
  'cap_sys_nice',
  'cap_sys_resource',
  'cap_sys_time',
  'cap_sys_tty_config',
  'cap_mknod',
  'cap_lease',
  'cap_audit_write',
  'cap_audit_control',
  'cap_setfcap',
  'cap_mac_override',
  'cap_mac_admin',
  'cap_syslog',
  'cap_wake_alarm',
  'cap_block_suspend',
  'cap_audit_read',
  'cap_perfmon',
  'cap_bpf',
  'cap_checkpoint_restore',
];

const REVISION_MASK = 0xff000000;
const FLAG_EFFECTIVE = 0x000001;

/** Revision (high byte of magic_etc) → u32 words per set and total xattr size, as the kernel checks them. */
const LAYOUTS = new Map<number, { version: 1 | 2 | 3; words: number; size: number }>([
  [0x01000000, { version: 1, words: 1, size: 12 }],
  [0x02000000, { version: 2, words: 2, size: 20 }],
  [0x03000000, { version: 3, words: 2, size: 24 }],
]);

/** Decodes a raw `security.capability` value; undefined when it is not one the kernel would accept. */
export function decodeCapabilities(raw: Buffer): FileCapabilities | undefined {
  if (raw.length < 4) return undefined;
  const magic = raw.readUInt32LE(0);
  const layout = LAYOUTS.get((magic & REVISION_MASK) >>> 0);
  if (layout === undefined || raw.length !== layout.size) return undefined;
  const permitted: number[] = [];
  const inheritable: number[] = [];
  for (let word = 0; word < layout.words; word++) {
    collectBits(raw.readUInt32LE(4 + word * 8), word, permitted);
    collectBits(raw.readUInt32LE(8 + word * 8), word, inheritable);
  }
  const effective = (magic & FLAG_EFFECTIVE) !== 0;
  return {
    text: capText(permitted, inheritable, effective),
    effective,
    permitted: permitted.map(bitName),
    inheritable: inheritable.map(bitName),
    rootUid: layout.version === 3 ? raw.readUInt32LE(20) : undefined,
    version: layout.version,
  };
}

function collectBits(value: number, word: number, into: number[]): void {
  for (let bit = 0; bit < 32; bit++) if ((value >>> bit) & 1) into.push(word * 32 + bit);
}

function bitName(bit: number): string {
  return NAMES[bit] ?? `cap_${bit}`;
}

// --- getcap's text ---------------------------------------------------------------------------------
//
// libcap (2.x) prints a capability set as clauses. Each capability has a state, a subset of
// {e, i, p}. The state most named capabilities share (ties going to the smaller state, so usually
// "none") becomes the base clause `=<state>`; every other state present gets a clause
// `<names>+<added>-<removed>` relative to the base, highest state first. When the base is empty,
// the first clause absorbs it: `= cap_a+ep` is printed `cap_a=ep`. Bits past the named ones are
// printed last, as numbers, always as `+<state>`.
//
// For files, effective is one flag: if set, every permitted or inheritable capability is effective.

// libcap's flag values (1 << CAP_EFFECTIVE, CAP_PERMITTED, CAP_INHERITABLE): they set the order of
// the clauses, so `i` clauses come before `p` ones.
const EFFECTIVE = 1;
const PERMITTED = 2;
const INHERITABLE = 4;
/** libcap asks the kernel how many capabilities it names; kernels since 5.9 name 41. */
const NAMED_BITS = NAMES.length;
const MAX_BITS = 64;

function capText(permitted: number[], inheritable: number[], effective: boolean): string {
  const states = new Uint8Array(MAX_BITS);
  for (const bit of permitted) states[bit]! |= PERMITTED | (effective ? EFFECTIVE : 0);
  for (const bit of inheritable) states[bit]! |= INHERITABLE | (effective ? EFFECTIVE : 0);

  const base = prevailingState(states);
  const clauses = [`=${letters(base)}`];
  for (let state = 7; state >= 0; state--) {
    if (state === base) continue;
    const names = bitsIn(states, state, 0, NAMED_BITS).map((bit) => NAMES[bit]!);
    if (names.length > 0) clauses.push(namedClause(names, state, base, clauses));
  }
  for (let state = 7; state >= 1; state--) {
    const bits = bitsIn(states, state, NAMED_BITS, MAX_BITS);
    if (bits.length > 0) clauses.push(`${bits.join(',')}+${letters(state)}`);
  }
  return clauses.join(' ');
}

/** The state most named bits are in; on a tie, the smallest. */
function prevailingState(states: Uint8Array): number {
  const counts = new Array<number>(8).fill(0);
  for (let bit = 0; bit < NAMED_BITS; bit++) counts[states[bit]!]!++;
  let best = 7;
  for (let state = 6; state >= 0; state--) if (counts[state]! >= counts[best]!) best = state;
  return best;
}

function namedClause(names: string[], state: number, base: number, clauses: string[]): string {
  let clause = names.join(',');
  const added = state & ~base;
  if (added !== 0) {
    if (clauses.length === 1 && clauses[0] === '=') {
      clauses.pop(); // `= cap_x+ep` → `cap_x=ep`
      clause += `=${letters(added)}`;
    } else {
      clause += `+${letters(added)}`;
    }
  }
  const removed = ~state & base;
  if (removed !== 0) clause += `-${letters(removed)}`;
  return clause;
}

function bitsIn(states: Uint8Array, state: number, from: number, to: number): number[] {
  const bits: number[] = [];
  for (let bit = from; bit < to; bit++) if (states[bit] === state) bits.push(bit);
  return bits;
}

function letters(state: number): string {
  return `${state & EFFECTIVE ? 'e' : ''}${state & INHERITABLE ? 'i' : ''}${state & PERMITTED ? 'p' : ''}`;
}

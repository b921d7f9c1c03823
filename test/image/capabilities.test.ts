import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCapabilities } from '../../src/image/capabilities.js';
import { readLayerTar } from '../../src/image/tar.js';
import { CI, tool } from './tools.js';

/**
 * Real `security.capability` values, each written by `setcap` on a file (libcap 2.66, kernel 6.x)
 * and read back with getxattr, next to what `getcap` printed for that file.
 */
const SAMPLES: [hex: string, getcap: string][] = [
  ['0100000200200000000000000000000000000000', 'cap_net_raw=ep'],
  ['0100000200300000000000000000000000000000', 'cap_net_admin,cap_net_raw=ep'],
  ['0000000200200000000000000000000000000000', 'cap_net_raw=p'],
  ['0100000200200000002000000000000000000000', 'cap_net_raw=eip'],
  ['0100000200000000002000000000000000000000', 'cap_net_raw=ei'],
  ['0000000200000000002000000000000000000000', 'cap_net_raw=i'],
  ['0100000200040000000000000000000000000000', 'cap_net_bind_service=ep'],
  ['01000002c0000000000000000000000000000000', 'cap_setgid,cap_setuid=ep'],
  ['0000000200202000000020000000000000000000', 'cap_sys_admin=ip cap_net_raw+p'],
  ['0100000201000000000000000001000000000000', 'cap_chown,cap_checkpoint_restore=ep'],
  ['0000000200000000002000008000000000000000', 'cap_net_raw=i cap_bpf+p'],
  ['00000002c0000000800000000000000000000000', 'cap_setuid=ip cap_setgid+p'],
  ['010000020200000000000000c000000000000000', 'cap_dac_override,cap_perfmon,cap_bpf=ep'],
  ['0000000200000000000000800000000000000000', 'cap_setfcap=i'],
  ['01000002ffffffff00000000ff01000000000000', '=ep'],
  ['00000002ffffffff00000000ff01000000000000', '=p'],
  ['01000002ffffdfff00000000ff01000000000000', '=ep cap_sys_admin-ep'],
  ['01000002ffffffffffdfffffff010000ff010000', '=eip cap_net_raw-i'],
  ['00000002feffffff20000000ff01000000000000', '=p cap_kill+i cap_chown-p'],
  ['01000002fffbf7ff22000000ff01000040010000', '=ep cap_dac_override,cap_kill,cap_perfmon,cap_checkpoint_restore+i cap_net_bind_service,cap_sys_ptrace-ep'],
  ['01000002fdfbf7fffdfbf7ff7f010000ff010000', '=eip cap_bpf-p cap_dac_override,cap_net_bind_service,cap_sys_ptrace-eip'],
  ['00000002a1042080010400008001000080000000', 'cap_chown,cap_net_bind_service,cap_bpf=ip cap_kill,cap_setuid,cap_sys_admin,cap_setfcap,cap_checkpoint_restore+p'],
  ['0000000260200000a0040800c0000000c0000000', 'cap_kill,cap_perfmon,cap_bpf=ip cap_setuid,cap_net_bind_service,cap_sys_ptrace+i cap_setgid,cap_net_raw+p'],
  ['01000002c3040800030400000000000000000000', 'cap_chown,cap_dac_override,cap_net_bind_service=eip cap_setgid,cap_setuid,cap_sys_ptrace+ep'],
  ['010000020004088001000000c000000080000000', 'cap_bpf=eip cap_chown+ei cap_net_bind_service,cap_sys_ptrace,cap_setfcap,cap_perfmon+ep'],
  ['0100000240100000420008008000000080000000', 'cap_setgid,cap_bpf=eip cap_dac_override,cap_sys_ptrace+ei cap_net_admin+ep'],
  ['0000000200000800203020800000000000000000', 'cap_kill,cap_net_admin,cap_net_raw,cap_sys_admin,cap_setfcap=i cap_sys_ptrace+p'],
  // the effective flag with nothing permitted or inheritable: nothing to raise
  ['0100000200000000000000000000000000000000', '='],
  ['0000000200000000000000000000000000000000', '='],
  // v3, `setcap -n <rootid>`: getcap shows the rootid only with -n
  ['0100000300200000000000000000000000000000e8030000', 'cap_net_raw=ep'],
  ['0100000300200800002008000000000000000000feff0000', 'cap_net_raw,cap_sys_ptrace=eip'],
  // bits 41 and 45, past the last named one, written with os.setxattr: getcap prints them as numbers
  ['0100000200200000000000000022000000020000', 'cap_net_raw=ep 41+eip 45+ep'],
];

describe('decodeCapabilities', () => {
  it.each(SAMPLES)('prints %s as getcap does: %s', (hex, getcap) => {
    expect(decodeCapabilities(Buffer.from(hex, 'hex'))?.text).toBe(getcap);
  });

  it('decodes a v2 value', () => {
    expect(decodeCapabilities(Buffer.from('0100000200300000000000000000000000000000', 'hex'))).toEqual({
      text: 'cap_net_admin,cap_net_raw=ep',
      effective: true,
      permitted: ['cap_net_admin', 'cap_net_raw'],
      inheritable: [],
      rootUid: undefined,
      version: 2,
    });
  });

  it('decodes a v3 value and its root uid', () => {
    expect(decodeCapabilities(Buffer.from('0100000300200800002008000000000000000000feff0000', 'hex'))).toEqual({
      text: 'cap_net_raw,cap_sys_ptrace=eip',
      effective: true,
      permitted: ['cap_net_raw', 'cap_sys_ptrace'],
      inheritable: ['cap_net_raw', 'cap_sys_ptrace'],
      rootUid: 65534,
      version: 3,
    });
  });

  it('decodes a v1 value (32 capabilities, 12 bytes), which kernels no longer let setcap write', () => {
    const v1 = Buffer.alloc(12);
    v1.writeUInt32LE(0x01000001, 0);
    v1.writeUInt32LE(1 << 13, 4);
    v1.writeUInt32LE(1 << 10, 8);
    expect(decodeCapabilities(v1)).toEqual({
      text: 'cap_net_bind_service=ei cap_net_raw+ep',
      effective: true,
      permitted: ['cap_net_raw'],
      inheritable: ['cap_net_bind_service'],
      rootUid: undefined,
      version: 1,
    });
  });

  it('keeps a set with no effective flag as permitted only', () => {
    const caps = decodeCapabilities(Buffer.from('00000002c0000000800000000000000000000000', 'hex'));
    expect(caps).toMatchObject({ effective: false, permitted: ['cap_setgid', 'cap_setuid'], inheritable: ['cap_setuid'] });
  });

  it('names every capability libcap knows, and the rest cap_<n>', () => {
    const all = decodeCapabilities(Buffer.from('01000002ffffffff00000000ffffffff00000000', 'hex'));
    expect(all?.permitted).toHaveLength(64);
    expect(all?.permitted.slice(0, 3)).toEqual(['cap_chown', 'cap_dac_override', 'cap_dac_read_search']);
    expect(all?.permitted.slice(36, 43)).toEqual(['cap_block_suspend', 'cap_audit_read', 'cap_perfmon', 'cap_bpf', 'cap_checkpoint_restore', 'cap_41', 'cap_42']);
    expect(all?.permitted[63]).toBe('cap_63');
    expect(all?.text).toBe('=ep 41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63+ep');
  });

  it.each([
    ['empty', ''],
    ['too short for a magic number', '010000'],
    ['v2 magic, v3 length', '0100000200200000000000000000000000000000e8030000'],
    ['v3 magic, v2 length', '0100000300200000000000000000000000000000'],
    ['v1 magic, v2 length', '0100000100200000000000000000000000000000'],
    ['v2 magic, one byte short', '01000002002000000000000000000000000000'],
    ['an unknown revision', '0100000400200000000000000000000000000000'],
    ['no revision', '0100000000200000000000000000000000000000'],
  ])('returns undefined for %s', (_, hex) => {
    expect(decodeCapabilities(Buffer.from(hex, 'hex'))).toBeUndefined();
  });
});

/** A tool on PATH or in root's sbin folders; outside CI a missing one skips, with the reason shown. */
describe('decodeCapabilities on capabilities set here with setcap', () => {
  const tools = [tool('setcap'), tool('getcap'), tool('tar')] as const;
  const [setcap, getcap, tar] = tools;
  const isRoot = process.getuid?.() === 0;
  const skip = !CI && (!isRoot || tools.some((t) => t.missing));
  const note = `${tools.map((t) => t.note).join('')}${isRoot ? '' : ' [skipped: needs root]'}`;
  // Made in beforeAll, not at collection: when every test here is skipped, no hook runs to remove it.
  let work = '';
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'drydock-caps-test-'));
  });
  afterAll(() => {
    if (work !== '') rmSync(work, { recursive: true, force: true });
  });

  const SPECS: [setcapArgs: string[]][] = [
    [['cap_net_raw=ep']],
    [['cap_net_bind_service+ep']],
    [['cap_net_admin,cap_net_raw=ep']],
    [['cap_net_raw=p']],
    [['cap_setuid,cap_setgid=eip']],
    [['cap_net_raw+p cap_sys_admin+ip']],
    [['cap_bpf=p cap_net_raw=i']],
    [['all=ep']],
    [['all=p cap_chown-p cap_kill+i']],
    [['all=eip cap_net_raw-i']],
    [['cap_chown=e']],
    [['-n', '1000', 'cap_net_raw=ep']],
    [['-n', '65534', 'cap_sys_ptrace,cap_net_raw=eip']],
  ];

  // setcap → GNU tar --xattrs → our tar reader → decodeCapabilities, checked against getcap.
  it.skipIf(skip).each(SPECS)(`matches getcap for setcap %j${note}`, async (args) => {
    const file = join(work, 'bin');
    writeFileSync(file, 'x', { mode: 0o755 });
    execFileSync(setcap.path ?? 'setcap', [...args, file]);
    const expected = execFileSync(getcap.path ?? 'getcap', [file], { encoding: 'utf8' }).trim().slice(file.length + 1);
    const archive = execFileSync(tar.path ?? 'tar', ['-C', work, '--xattrs', '--xattrs-include=*', '--format=posix', '-cf', '-', 'bin']);
    let raw: Buffer | undefined;
    await readLayerTar(Readable.from([archive]), (entry) => void (raw = entry.xattrs.get('security.capability')), { subject: 'test' });
    expect(raw).toBeDefined();
    const caps = decodeCapabilities(raw ?? Buffer.alloc(0));
    expect(caps?.text).toBe(expected);
    const rootid = args[0] === '-n' ? Number(args[1]) : undefined;
    expect(caps?.version).toBe(rootid === undefined ? 2 : 3);
    expect(caps?.rootUid).toBe(rootid);
  });
});

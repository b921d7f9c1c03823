import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  MAX_DECOMPRESSION_RATIO,
  RATIO_CHECK_AFTER_BYTES,
  ZstdFrameSplitter,
  decompressed,
  zstdDecoderAvailable,
  type DecompressOptions,
  type ZstdDecoder,
} from '../../src/image/decompress.js';
import { ImageError } from '../../src/image/types.js';
import { CI, tool } from './tools.js';

const SUBJECT = 'blob sha256:test';

/** A tool on PATH; outside CI a missing one skips its tests, with the reason in the test name. */
const zstdCli = tool('zstd');
const gzipCli = tool('gzip');
const pigzCli = tool('pigz');

function run(program: string | undefined, args: string[], input: Buffer): Buffer {
  return execFileSync(program ?? 'missing', args, { input, maxBuffer: 256 * 1024 * 1024 });
}

function chunked(data: Buffer, size: number): Readable {
  const chunks: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) chunks.push(data.subarray(i, i + size));
  return Readable.from(chunks);
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function decode(data: Buffer, options?: DecompressOptions, chunkSize = 64 * 1024): Promise<{ compression: string; output: Buffer }> {
  const { compression, stream } = await decompressed(chunked(data, chunkSize), SUBJECT, options);
  return { compression, output: await readAll(stream) };
}

async function decodeError(data: Buffer, options?: DecompressOptions): Promise<ImageError> {
  try {
    await decode(data, options);
  } catch (error) {
    expect(error).toBeInstanceOf(ImageError);
    expect((error as ImageError).subject).toBe(SUBJECT);
    return error as ImageError;
  }
  throw new Error('expected decompression to fail');
}

/** Text that compresses well but not absurdly, like a layer. */
function sample(bytes: number): Buffer {
  const lines: string[] = [];
  let length = 0;
  for (let i = 0; length < bytes; i++) {
    const line = `/usr/lib/x86_64-linux-gnu/lib${i % 977}.so.${i % 13} ${(i * 2654435761) % 4294967296}\n`;
    lines.push(line);
    length += line.length;
  }
  return Buffer.from(lines.join('')).subarray(0, bytes);
}

/** `zstd -19` of FIXTURE_TEXT, made with the zstd CLI, so the pure-JS decoder is tested without it. */
const FIXTURE_ZSTD = Buffer.from(
  '28b52ffd64b41ae50a0016213e16a0a7d26200b415769dcd0300c34422bb77f2a08653314a002d003000a238c459d1ac8c21ce8a66450c7156342b37' +
    'c459d1acd8106745b352439c15cd0a0d7156342b33c459d1ac3cc459d1ac38c459d10c80a08081830306058120c0412820100c04030c04049aa6699a' +
    'a6699665599665599625499224499224498ee3388ee3388ee3eeeeeeeeaeaaaaaaaaaa288aa2288a62f33ccff3ffffffffbfbbbbbbbbbb2ccbb22ccb' +
    'b22c0f87c3e170381c0e8742a15028140a8542e1799ee7799ee7799a16130e87c3e170381c0e87c3e170381c0e87c3dff77ddff77ddfb66ddbb66ddb' +
    'b65dd7755dd7755dd7344dd3344dd3343dcff33c07812ca81140f9fdcfd1a76a39112404bf4250e10fef21acdcb11ca8113952a6c48a3831aa448e98' +
    '2931234e0c3357e53ffec17fefeffedb9ffdad3f750eb28ce030d2c732d715237d2673dd18d26719d78d117d96a5f4bab6698cb6292c56025415abce' +
    '0bfa',
  'hex',
);
const FIXTURE_TEXT = Buffer.from(Array.from({ length: 300 }, (_, i) => `line ${i + 1} of the fixture\n`).join(''));
/** `printf 'second frame\n' | zstd --no-check`: a frame of one raw block. */
const SECOND_FRAME = Buffer.from('28b52ffd00586900007365636f6e64206672616d650a', 'hex');
/** A zstd magic number and then 0xff bytes: a frame header every decoder calls corrupt (not truncated). */
const GARBAGE_ZSTD = Buffer.concat([FIXTURE_ZSTD.subarray(0, 4), Buffer.alloc(4096, 0xff)]);
/** A skippable frame (magic 0x184D2A50), which decoders must pass over. */
const SKIPPABLE_FRAME = Buffer.from('502a4d1804000000deadbeef', 'hex');

/** Child processes of this one named `comm`, from /proc. */
function children(comm: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      const close = stat.lastIndexOf(')');
      const command = stat.slice(stat.indexOf('(') + 1, close);
      const ppid = Number(stat.slice(close + 2).split(' ')[1]);
      if (command === comm && ppid === process.pid) pids.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

async function noChildrenLeft(comm: string): Promise<void> {
  for (let i = 0; i < 100 && children(comm).length > 0; i++) await sleep(20);
  expect(children(comm)).toEqual([]);
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('decompressed: sniffing', () => {
  const plain = Buffer.from('plain tar bytes, no compression at all');

  it('returns an uncompressed source itself, its first bytes intact', async () => {
    const source = chunked(plain, 5);
    const { compression, stream } = await decompressed(source, SUBJECT);
    expect(compression).toBe('none');
    expect(stream).toBe(source);
    expect((await readAll(stream)).equals(plain)).toBe(true);
  });

  it.each([1, 2, 3, 4, 7])('recognizes each format from %i-byte chunks', async (size) => {
    expect(await decode(plain, {}, size)).toEqual({ compression: 'none', output: plain });
    expect(await decode(gzipSync(plain), {}, size)).toEqual({ compression: 'gzip', output: plain });
    expect(await decode(FIXTURE_ZSTD, { zstd: 'js' }, size)).toEqual({ compression: 'zstd', output: FIXTURE_TEXT });
  });

  it('handles empty and tiny sources', async () => {
    expect(await decode(Buffer.alloc(0))).toEqual({ compression: 'none', output: Buffer.alloc(0) });
    expect(await decode(Buffer.from('ab'))).toEqual({ compression: 'none', output: Buffer.from('ab') });
    expect(await decode(Buffer.from([0x28, 0xb5, 0x2f]))).toEqual({ compression: 'none', output: Buffer.from([0x28, 0xb5, 0x2f]) });
    expect((await decodeError(Buffer.from([0x1f, 0x8b]))).message).toBe('truncated gzip data');
  });

  it("passes the source's own errors through unchanged", async () => {
    const source = new PassThrough();
    const failure = new Error('disk on fire');
    const pending = decompressed(source, SUBJECT);
    source.write(gzipSync(sample(100_000)).subarray(0, 1000));
    const { stream } = await pending;
    setImmediate(() => source.destroy(failure));
    await expect(readAll(stream)).rejects.toBe(failure);
  });
});

describe('decompressed: gzip', () => {
  const data = sample(3 * 1024 * 1024);

  it('decompresses zlib gzip, in output chunks of up to 1 MiB', async () => {
    const { compression, stream } = await decompressed(Readable.from([gzipSync(data)]), SUBJECT);
    expect(compression).toBe('gzip');
    const sizes: number[] = [];
    const chunks: Buffer[] = [];
    for await (const chunk of stream) {
      sizes.push((chunk as Buffer).length);
      chunks.push(chunk as Buffer);
    }
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
    expect(Math.max(...sizes)).toBe(1 << 20);
  });

  it.skipIf(gzipCli.skip)(`decompresses what the gzip CLI writes${gzipCli.note}`, async () => {
    expect((await decode(run(gzipCli.path, ['-c', '-6'], data))).output.equals(data)).toBe(true);
  });

  it.skipIf(pigzCli.skip)(`decompresses what pigz writes${pigzCli.note}`, async () => {
    expect((await decode(run(pigzCli.path, ['-c', '-p', '2', '-b', '128'], data))).output.equals(data)).toBe(true);
  });

  it('decompresses multi-member gzip (concatenated files)', async () => {
    const parts = [sample(1000), Buffer.from('second member\n'), sample(70_000)];
    const { output } = await decode(Buffer.concat(parts.map((part) => gzipSync(part))), {}, 333);
    expect(output.equals(Buffer.concat(parts))).toBe(true);
  });

  it('fails on truncated gzip data', async () => {
    const gz = gzipSync(data);
    expect((await decodeError(gz.subarray(0, gz.length >> 1))).message).toBe('truncated gzip data');
    expect((await decodeError(gz.subarray(0, gz.length - 4))).message).toBe('truncated gzip data');
  });

  it('fails on corrupt gzip data', async () => {
    const gz = Buffer.from(gzipSync(data));
    for (let i = 100; i < 600; i++) gz[i] = 0xff - (gz[i] ?? 0);
    expect((await decodeError(gz)).message).toMatch(/^corrupt gzip data: /);
  });

  it('destroys the source when the consumer stops early', async () => {
    const source = chunked(gzipSync(data), 4096);
    const { stream } = await decompressed(source, SUBJECT);
    for await (const _ of stream) break;
    await sleep(10);
    expect(source.destroyed).toBe(true);
  });
});

describe('decompressed: zstd', () => {
  const reasons: Record<ZstdDecoder, string> = {
    node: `zlib.createZstdDecompress needs Node >= 22.15, this is ${process.version}`,
    cli: 'zstd not on PATH',
    js: '',
  };
  // Under CI the CLI must be there and the JS fallback always is; Node's depends on the Node version.
  const skip = (kind: ZstdDecoder): boolean => !zstdDecoderAvailable(kind) && !(CI && kind !== 'node');
  const label = (kind: ZstdDecoder): string => (zstdDecoderAvailable(kind) ? kind : `${kind} [skipped: ${reasons[kind]}]`);

  for (const kind of ['node', 'cli', 'js'] as const) {
    describe(`the ${label(kind)} decoder`, () => {
      const options = { zstd: kind };

      it.skipIf(skip(kind))('decompresses a fixture made by zstd -19, from 1-byte chunks too', async () => {
        expect(await decode(FIXTURE_ZSTD, options)).toEqual({ compression: 'zstd', output: FIXTURE_TEXT });
        expect((await decode(FIXTURE_ZSTD, options, 1)).output.equals(FIXTURE_TEXT)).toBe(true);
      });

      it.skipIf(skip(kind))('decompresses concatenated frames and skips skippable ones', async () => {
        const { output } = await decode(Buffer.concat([FIXTURE_ZSTD, SKIPPABLE_FRAME, SECOND_FRAME]), options, 100);
        expect(output.toString()).toBe(`${FIXTURE_TEXT.toString()}second frame\n`);
      });

      it.skipIf(skip(kind))('decompresses frames behind a leading skippable frame, as zstd:chunked layers have', async () => {
        const { output } = await decode(Buffer.concat([SKIPPABLE_FRAME, FIXTURE_ZSTD, SKIPPABLE_FRAME, SECOND_FRAME, SKIPPABLE_FRAME]), options, 7);
        expect(output.toString()).toBe(`${FIXTURE_TEXT.toString()}second frame\n`);
      });

      it.skipIf(skip(kind))('fails on truncated zstd data, inside the first frame or a later one', async () => {
        expect((await decodeError(FIXTURE_ZSTD.subarray(0, 200), options)).message).toBe('truncated zstd data');
        expect((await decodeError(FIXTURE_ZSTD.subarray(0, FIXTURE_ZSTD.length - 1), options)).message).toBe('truncated zstd data');
        const twoFrames = Buffer.concat([FIXTURE_ZSTD, SECOND_FRAME]);
        expect((await decodeError(twoFrames.subarray(0, twoFrames.length - 5), options)).message).toBe('truncated zstd data');
      });

      it.skipIf(skip(kind))('refuses a frame whose window is over 128 MiB, instead of allocating it', async () => {
        // window descriptor 0xa8: 2^(10+21) = 2 GiB; then an empty last raw block
        const huge = Buffer.from('28b52ffd00a8010000', 'hex');
        expect((await decodeError(huge, options)).message).toBe('unsupported zstd data: a frame needs a 2048 MiB window, over the 128 MiB limit');
        // single segment, 8-byte content size of 1 GiB: the window is the content size
        const single = Buffer.from('28b52ffde0000000400000000001000000', 'hex');
        expect((await decodeError(single, options)).message).toBe('unsupported zstd data: a frame needs a 1024 MiB window, over the 128 MiB limit');
      });

      it.skipIf(skip(kind))('fails on garbage after the last frame', async () => {
        expect((await decodeError(Buffer.concat([FIXTURE_ZSTD, Buffer.from('garbage!')]), options)).message).toMatch(/^corrupt zstd data/);
      });

      it.skipIf(skip(kind))('fails on corrupt zstd data', async () => {
        const corrupt = Buffer.concat([FIXTURE_ZSTD.subarray(0, 12), Buffer.alloc(400, 0x55)]);
        expect((await decodeError(corrupt, options)).message).toMatch(/^(corrupt|truncated) zstd data/);
        expect((await decodeError(GARBAGE_ZSTD, options)).message).toMatch(/^corrupt zstd data/);
      });

      it.skipIf(skip(kind) || zstdCli.skip)(`decompresses several MiB written by the zstd CLI${zstdCli.note}`, async () => {
        const data = Buffer.concat([sample(4 * 1024 * 1024), randomBytes(512 * 1024)]);
        const compressed = run(zstdCli.path, ['-q', '-c', '-3'], data);
        expect((await decode(compressed, options, 1 << 16)).output.equals(data)).toBe(true);
      });

      it.skipIf(skip(kind))('stops the bomb guard at its limits', async () => {
        // FIXTURE_TEXT is 7092 bytes from 362: a ratio of 19.6
        expect((await decodeError(FIXTURE_ZSTD, { ...options, maxRatio: 10, ratioAfterBytes: 1000 })).message).toBe(
          'decompresses to over 10 times its size: refusing a likely decompression bomb',
        );
        expect((await decode(FIXTURE_ZSTD, { ...options, maxRatio: 30, ratioAfterBytes: 1000 })).output.equals(FIXTURE_TEXT)).toBe(true);
      });
    });
  }

  it.skipIf(zstdCli.skip)(`kills the zstd CLI when the consumer stops early, and leaves no process behind${zstdCli.note}`, async () => {
    const data = sample(16 * 1024 * 1024);
    const compressed = run(zstdCli.path, ['-q', '-c', '-1'], data);
    const source = chunked(compressed, 65536);
    const started = performance.now();
    const { stream } = await decompressed(source, SUBJECT, { zstd: 'cli' });
    let got = 0;
    for await (const chunk of stream) {
      got += (chunk as Buffer).length;
      if (got > 1024 * 1024) break;
    }
    expect(got).toBeLessThan(data.length);
    await noChildrenLeft('zstd');
    expect(source.destroyed).toBe(true);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it.skipIf(zstdCli.skip)(`leaves no process behind when zstd fails${zstdCli.note}`, async () => {
    await decodeError(Buffer.concat([GARBAGE_ZSTD, randomBytes(100_000)]), { zstd: 'cli' });
    await noChildrenLeft('zstd');
  });

  it.skipIf(zstdCli.skip)(`picks the decoder from DRYDOCK_ZSTD, the option overriding it${zstdCli.note}`, async () => {
    // The CLI and fzstd word their complaints differently, which tells them apart.
    const garbage = GARBAGE_ZSTD;
    vi.stubEnv('DRYDOCK_ZSTD', 'cli');
    expect((await decodeError(garbage)).message).toMatch(/zstd exited with code/);
    expect((await decodeError(garbage, { zstd: 'js' })).message).not.toMatch(/zstd exited/);
    vi.stubEnv('DRYDOCK_ZSTD', 'js');
    expect((await decodeError(garbage)).message).not.toMatch(/zstd exited/);
    expect((await decodeError(garbage, { zstd: 'cli' })).message).toMatch(/zstd exited with code/);
    vi.stubEnv('DRYDOCK_ZSTD', 'auto');
    expect((await decode(FIXTURE_ZSTD)).output.equals(FIXTURE_TEXT)).toBe(true);
  });

  it('refuses an unknown DRYDOCK_ZSTD, and a decoder that is not available', async () => {
    vi.stubEnv('DRYDOCK_ZSTD', 'turbo');
    await expect(decode(FIXTURE_ZSTD)).rejects.toThrow("DRYDOCK_ZSTD must be one of auto, node, cli, js (it is 'turbo')");
    expect((await decode(FIXTURE_ZSTD, { zstd: 'js' })).output.equals(FIXTURE_TEXT)).toBe(true);
    if (!zstdDecoderAvailable('node')) {
      await expect(decode(FIXTURE_ZSTD, { zstd: 'node' })).rejects.toThrow(/zstd decoder 'node' is not available/);
    }
  });
});

describe('ZstdFrameSplitter', () => {
  /** Runs the splitter over `data` cut into `size`-byte chunks; returns each frame's bytes. */
  function frames(data: Buffer, size: number): { frames: Buffer[]; midFrame: boolean } {
    const splitter = new ZstdFrameSplitter();
    const found: Buffer[] = [];
    let current: Buffer[] = [];
    for (let i = 0; i < data.length; i += size) {
      for (const { data: run, frameEnd } of splitter.split(data.subarray(i, i + size))) {
        current.push(run);
        if (frameEnd) {
          found.push(Buffer.concat(current));
          current = [];
        }
      }
    }
    return { frames: found, midFrame: splitter.midFrame };
  }

  it('finds each frame, whatever the chunking, and drops skippable frames', () => {
    const stream = Buffer.concat([SKIPPABLE_FRAME, FIXTURE_ZSTD, SECOND_FRAME, SKIPPABLE_FRAME, FIXTURE_ZSTD]);
    for (const size of [1, 2, 3, 5, 13, 64, stream.length]) {
      expect(frames(stream, size)).toEqual({ frames: [FIXTURE_ZSTD, SECOND_FRAME, FIXTURE_ZSTD], midFrame: false });
    }
  });

  it('knows when the data stops inside a frame', () => {
    expect(frames(FIXTURE_ZSTD.subarray(0, 3), 1).midFrame).toBe(true);
    expect(frames(FIXTURE_ZSTD.subarray(0, 100), 7).midFrame).toBe(true);
    expect(frames(SKIPPABLE_FRAME.subarray(0, 9), 2).midFrame).toBe(true);
  });

  it('reads the header fields a frame may carry: dictionary id, content size, no window', () => {
    // single segment + 1-byte dictionary id, so a 1-byte content size and no window descriptor; one raw block "abc"
    const frame = Buffer.from('28b52ffd' + '21' + '07' + '03' + '190000' + '616263', 'hex');
    // 8-byte content size, window descriptor, checksum; one RLE block of 5 "z" and then 4 checksum bytes
    const rle = Buffer.from('28b52ffd' + 'c4' + '00' + '0500000000000000' + '2b0000' + '7a' + 'deadbeef', 'hex');
    expect(frames(Buffer.concat([frame, rle, frame]), 1)).toEqual({ frames: [frame, rle, frame], midFrame: false });
  });

  it('rejects what is not a frame', () => {
    expect(() => frames(Buffer.concat([FIXTURE_ZSTD, Buffer.from('garbage!')]), 16)).toThrow(/no zstd frame where one should start/);
    expect(() => frames(Buffer.from('28b52ffd08', 'hex'), 16)).toThrow(/reserved bit/);
  });

  it.skipIf(zstdCli.skip)(`splits what the zstd CLI writes with any frame options${zstdCli.note}`, () => {
    const data = Buffer.concat([sample(300_000), Buffer.alloc(200_000, 0x41), randomBytes(150_000)]);
    for (const args of [['-1'], ['-19', '--no-check'], ['--no-content-size'], ['--long=24'], ['-T2', '-3'], ['--ultra', '-22']]) {
      const compressed = run(zstdCli.path, ['-q', '-c', ...args], data);
      const pieces = [compressed, SKIPPABLE_FRAME, run(zstdCli.path, ['-q', '-c'], Buffer.from('tail\n'))];
      const result = frames(Buffer.concat(pieces), 4099);
      expect(result.frames.map((f) => f.length)).toEqual([compressed.length, (pieces[2] as Buffer).length]);
      expect(result.midFrame).toBe(false);
    }
  });
});

describe('decompressed: decompression bombs', () => {
  it('uses a 2000× ratio past 1 GiB by default', () => {
    expect(MAX_DECOMPRESSION_RATIO).toBe(2000);
    expect(RATIO_CHECK_AFTER_BYTES).toBe(1024 ** 3);
  });

  it('refuses gzip output past the ratio once past the size', async () => {
    const zeros = gzipSync(Buffer.alloc(20 * 1024 * 1024)); // about 20 KiB: a ratio near 1000
    const error = await decodeError(zeros, { maxRatio: 100, ratioAfterBytes: 1024 * 1024 });
    expect(error.message).toBe('decompresses to over 100 times its size: refusing a likely decompression bomb');
  });

  it('lets the same data through below either limit', async () => {
    const raw = Buffer.alloc(20 * 1024 * 1024);
    const zeros = gzipSync(raw);
    expect((await decode(zeros, { maxRatio: 5000, ratioAfterBytes: 1024 * 1024 })).output.length).toBe(raw.length);
    expect((await decode(zeros, { maxRatio: 100, ratioAfterBytes: 64 * 1024 * 1024 })).output.length).toBe(raw.length);
  });
});

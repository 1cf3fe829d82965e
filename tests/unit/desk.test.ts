// The desk's own rules, with a clock of the test's: sessions end after the idle time, wrong passphrases are counted per
// address for a minute, the queue of packs refuses beyond its room and gives up on a pack past its time, a passphrase
// is checked against its hash, and the desk's form is read without ever repeating what was typed.
import { describe, expect, it, vi } from 'vitest';
import { type DeskRequest, readDeskForm } from '../../src/commands/desk/form.js';
import { PackQueue } from '../../src/commands/desk/pack-queue.js';
import { passphraseGate } from '../../src/commands/desk/passphrase.js';
import { Sessions, sameToken } from '../../src/commands/desk/sessions.js';
import { SignInLimit } from '../../src/commands/desk/sign-in-limit.js';
import { UsageError } from '../../src/errors.js';

/** A clock the test moves. */
function clock(start = 1_000_000): { now: () => number; pass: (ms: number) => void } {
  let at = start;
  return { now: () => at, pass: (ms) => (at += ms) };
}

describe('the desk sessions', () => {
  it('ends a session left unused for longer than the idle time, and says it ended', () => {
    const time = clock();
    const sessions = new Sessions(30 * 60_000, time.now);
    const session = sessions.open(true);
    time.pass(30 * 60_000);
    expect(sessions.find(session.id)).toEqual({ state: 'active', session });
    time.pass(30 * 60_000 + 1);
    expect(sessions.find(session.id)).toEqual({ state: 'ended' });
    expect(sessions.find(session.id)).toEqual({ state: 'none' });
  });

  it('keeps a session alive while it is used', () => {
    const time = clock();
    const sessions = new Sessions(60_000, time.now);
    const session = sessions.open(true);
    for (let minute = 0; minute < 10; minute += 1) {
      time.pass(59_000);
      expect(sessions.find(session.id).state).toBe('active');
    }
  });

  it('gives each session a random id and token of 256 bits, and knows no id it did not give', () => {
    const sessions = new Sessions(60_000);
    const a = sessions.open(false);
    const b = sessions.open(false);
    for (const value of [a.id, a.token, b.id, b.token]) expect(value).toMatch(/^[\w-]{43}$/);
    expect(new Set([a.id, a.token, b.id, b.token]).size).toBe(4);
    expect(sessions.find(undefined)).toEqual({ state: 'none' });
    expect(sessions.find(`${a.id}x`)).toEqual({ state: 'none' });
  });

  it('keeps at most a thousand sessions that have not signed in, forgetting the oldest, and every signed-in one', () => {
    const sessions = new Sessions(60_000);
    const signedIn = sessions.open(true);
    const first = sessions.open(false);
    for (let count = 0; count < 1_500; count += 1) sessions.open(false);
    expect(sessions.size).toBe(1_001);
    expect(sessions.find(first.id)).toEqual({ state: 'none' });
    expect(sessions.find(signedIn.id).state).toBe('active');
  });

  it('keeps at most ten thousand sessions in all, forgetting the oldest', () => {
    const sessions = new Sessions(60_000);
    const first = sessions.open(true);
    for (let count = 0; count < 10_500; count += 1) sessions.open(true);
    expect(sessions.size).toBe(10_000);
    expect(sessions.find(first.id)).toEqual({ state: 'none' });
  });

  it('forgets sessions idle for twice the idle time when a new one opens', () => {
    const time = clock();
    const sessions = new Sessions(60_000, time.now);
    sessions.open(true);
    time.pass(120_001);
    sessions.open(true);
    expect(sessions.size).toBe(1);
  });

  it('compares tokens whole, whatever their length', () => {
    expect(sameToken('abc', 'abc')).toBe(true);
    for (const given of ['abd', 'ab', 'abcd', '', null, undefined]) expect(sameToken(given, 'abc')).toBe(false);
  });
});

describe('the limit on sign-in attempts', () => {
  it('lets an address fail five times in a minute, then makes it wait until the first is a minute old', () => {
    const time = clock();
    const limit = new SignInLimit(5, time.now);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect(limit.waitFor('192.0.2.1')).toBe(0);
      limit.fail('192.0.2.1');
      time.pass(1_000);
    }
    expect(limit.waitFor('192.0.2.1')).toBe(55);
    expect(limit.waitFor('192.0.2.2')).toBe(0);
    time.pass(55_000);
    expect(limit.waitFor('192.0.2.1')).toBe(0);
  });

  it('forgets an address that signed in', () => {
    const limit = new SignInLimit(2);
    limit.fail('192.0.2.1');
    limit.fail('192.0.2.1');
    expect(limit.waitFor('192.0.2.1')).toBeGreaterThan(0);
    limit.forget('192.0.2.1');
    expect(limit.waitFor('192.0.2.1')).toBe(0);
  });
});

describe('the queue of packs', () => {
  /** A pack that is made when the test says. */
  const held = (): { make: () => Promise<string>; finish: (value: string) => void } => {
    let finish: (value: string) => void = () => undefined;
    const made = new Promise<string>((resolve) => (finish = resolve));
    return { make: () => made, finish };
  };

  it('takes as many packs as it has pages and room in its queue, and refuses the rest at once', async () => {
    const queue = new PackQueue({ pages: 2, queue: 1, timeout: 60_000 });
    const packs = [held(), held(), held()];
    const running = packs.map((pack) => queue.run(pack.make));
    expect(queue.size).toBe(3);
    expect(await queue.run(async () => 'never')).toEqual({ ok: false, reason: 'busy' });
    for (const [index, pack] of packs.entries()) pack.finish(`pack ${index}`);
    expect(await Promise.all(running)).toEqual([
      { ok: true, value: 'pack 0' },
      { ok: true, value: 'pack 1' },
      { ok: true, value: 'pack 2' },
    ]);
    expect(queue.size).toBe(0);
  });

  it('gives up on a pack past its time, and never starts one that waited that long', async () => {
    vi.useFakeTimers();
    try {
      // One page: two packs under way (one printing, the next rendering), the third waiting.
      const queue = new PackQueue({ pages: 1, queue: 2, timeout: 30_000 });
      const packs = [held(), held()];
      const started: string[] = [];
      const [a, b] = packs.map((pack, index) =>
        queue.run(() => {
          started.push(`pack ${index}`);
          return pack.make();
        }),
      );
      const c = queue.run(async () => {
        started.push('pack 2');
        return 'pack 2';
      });
      await vi.advanceTimersByTimeAsync(30_001);
      for (const given of [a, b, c]) expect(await given).toEqual({ ok: false, reason: 'late' });
      for (const pack of packs) pack.finish('made');
      await vi.advanceTimersByTimeAsync(0);
      expect(started).toEqual(['pack 0', 'pack 1']);
      expect(queue.size).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('passes on the failure of a pack', async () => {
    const queue = new PackQueue({ pages: 1, queue: 0, timeout: 60_000 });
    await expect(queue.run(() => Promise.reject(new UsageError('tick something')))).rejects.toThrow('tick something');
    expect(queue.size).toBe(0);
  });
});

describe('the passphrase', () => {
  it('accepts the passphrase it was given, whole, and nothing else', async () => {
    const gate = passphraseGate('kettle harbour velvet lantern', 'LEAFLET_DESK_PASSPHRASE');
    expect(await gate.check('kettle harbour velvet lantern')).toBe(true);
    for (const attempt of ['kettle harbour velvet lanter', 'kettle harbour velvet lanterns', '', 'KETTLE harbour'])
      expect(await gate.check(attempt)).toBe(false);
  });

  it('keeps no copy of the passphrase, only a hash of it', () => {
    const gate = passphraseGate('kettle harbour velvet lantern', 'LEAFLET_DESK_PASSPHRASE');
    expect(JSON.stringify(gate)).not.toContain('kettle');
    expect(gate.source).toBe('LEAFLET_DESK_PASSPHRASE');
  });
});

describe("the desk's form", () => {
  const form = (fields: [string, string][]): DeskRequest => readDeskForm(new URLSearchParams(fields));

  it('reads the items ticked (each once), the doses typed, who it is for, the note, and preview or download', () => {
    const request = form([
      ['item', 'plantar-fasciitis'],
      ['item', 'heel-raises'],
      ['item', 'heel-raises'],
      ['item', '../etc/passwd'],
      ['dose.heel-raises.reps', '12'],
      ['dose.heel-raises.side', 'left'],
      ['patient', '  Ann Example '],
      ['therapist', ''],
      ['note', 'Rest.'],
      ['action', 'preview'],
    ]);
    expect(request).toEqual({
      slugs: ['plantar-fasciitis', 'heel-raises'],
      doses: new Map([['heel-raises', { reps: 12, side: 'left' }]]),
      patient: 'Ann Example',
      therapist: undefined,
      title: undefined,
      note: 'Rest.',
      booklet: false,
      download: false,
    });
  });

  it('says what to fix, naming the exercise and the field, never what was typed elsewhere', () => {
    const fail = (fields: [string, string][]): string => {
      try {
        form(fields);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      throw new Error('the form was accepted');
    };
    expect(fail([['patient', 'Ann Example']])).toBe('tick at least one article or exercise for the pack.');
    const dose = fail([
      ['item', 'heel-raises'],
      ['dose.heel-raises.reps', '500'],
      ['patient', 'Ann Example'],
    ]);
    expect(dose).toMatch(/^the dose of heel-raises: reps /);
    expect(dose).not.toContain('Ann');
  });
});

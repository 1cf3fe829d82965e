// The full-disk stop: which write failures stop a build, the first of them kept to be said once, and the line said.
import { describe, expect, it } from 'vitest';
import { stopsEveryWrite, WriteStop, writeErrorFor } from '../../src/machinery/write-stop.js';
import { writeError } from '../../src/machinery/writer.js';

const failure = (code: string, file = 'out/email/knee-pain.html') =>
  writeError(file, Object.assign(new Error(code), { code }));

describe('WriteStop', () => {
  it('stops for a full disk, a used-up quota or a read-only disk, and for nothing else', () => {
    expect(['ENOSPC', 'EDQUOT', 'EROFS'].map((code) => stopsEveryWrite(failure(code)))).toEqual([true, true, true]);
    expect(['EACCES', 'ENOTDIR', 'EISDIR', 'ENAMETOOLONG'].map((code) => stopsEveryWrite(failure(code)))).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(stopsEveryWrite(Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' }))).toBe(false);
  });

  it('keeps the first full-disk failure, aborts its signal once, and lets other failures be said as they are', () => {
    const halt = new WriteStop();
    let aborts = 0;
    halt.signal.addEventListener('abort', () => (aborts += 1));
    expect(halt.take(failure('EACCES'))).toBe(false);
    expect(halt.signal.aborted).toBe(false);
    expect(halt.take(failure('ENOSPC', 'out/web/a/index.html'))).toBe(true);
    expect(halt.take(failure('ENOSPC', 'out/web/b/index.html'))).toBe(true);
    expect(halt.error?.target).toBe('out/web/a/index.html');
    expect(aborts).toBe(1);
  });

  it('aborts with the signal it is given (Ctrl-C), without a failure to say', () => {
    const interrupt = new AbortController();
    const halt = new WriteStop(interrupt.signal);
    interrupt.abort();
    expect(halt.signal.aborted).toBe(true);
    expect(halt.error).toBeUndefined();
    expect(halt.message(3)).toBe('');
  });

  it('says which write stopped the build, why, how many outputs it kept, and what to do', () => {
    const full = new WriteStop();
    full.take(failure('ENOSPC'));
    expect(full.message(12)).toBe(
      'could not write out/email/knee-pain.html: the disk is full, so the build stopped. 12 outputs ' +
        'were written or kept, each complete; the rest were not built, and nothing half-written was left. ' +
        'Free some space, then build again.',
    );
    const readOnly = new WriteStop();
    readOnly.take(failure('EROFS'));
    expect(readOnly.message(1)).toMatch(
      /: the disk is read-only, so the build stopped\. 1 output was written or kept, .* Check the disk, or choose another folder to write to, then build again\.$/,
    );
  });

  it('says a failed write of one file the user named with its path as given, and for a full disk what to do', () => {
    expect(writeErrorFor(failure('EDQUOT', '/home/jo/pack.pdf'), 'pack.pdf', 'make the pack again').message).toBe(
      'could not write pack.pdf: the disk quota is used up: free some space, then make the pack again.',
    );
    expect(writeErrorFor(failure('EACCES', '/home/jo/pack.pdf'), 'pack.pdf', 'make the pack again').message).toMatch(
      /^could not write pack\.pdf: permission denied: /,
    );
  });
});

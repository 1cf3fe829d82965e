// The desk's access log: who signed in (the address: the passphrase is shared, so there are no user names), who was
// refused, and which articles were printed. Never a patient's name, a note, a title typed, or a passphrase.
/** One line of the log is written for each event. */
export interface AccessLog {
  /** Note what `address` did: "signed in", "printed heel-raises, calf-stretch". */
  note(address: string, what: string): void;
}

/** A log that writes each line through `write`, stamped with the time (UTC). */
export function accessLog(write: (line: string) => void, now: () => Date = () => new Date()): AccessLog {
  return {
    note(address, what) {
      write(`${now().toISOString()} ${address} ${what}\n`);
    },
  };
}

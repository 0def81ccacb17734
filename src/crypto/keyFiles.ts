import path from 'node:path';

// Where a machine keeps its age key and the recipients it agreed to: named apart from the code that
// reads them in full, so SessionStart's short way can look at them without loading age.

/** This machine's age identity, in age-keygen's format. */
export const identityFile = (home: string) => path.join(home, 'identity.txt');

/** The recipients list this machine last agreed to (pin.ts). */
export const pinFile = (home: string) => path.join(home, 'recipients-pin.json');

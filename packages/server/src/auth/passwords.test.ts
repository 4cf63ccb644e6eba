import { describe, expect, it } from 'vitest';
import {
  generatePassword,
  hashPassword,
  PasswordCheckBusyError,
  verifyPassword,
} from './passwords.ts';

describe('password hashes', () => {
  it('are salted scrypt at OWASP’s minimum cost, and verify only the right password', async () => {
    const first = await hashPassword('pipewise-demo');
    const second = await hashPassword('pipewise-demo');
    expect(first).toMatch(/^scrypt\$131072\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(second).not.toBe(first);
    expect(await verifyPassword('pipewise-demo', first)).toBe(true);
    expect(await verifyPassword('pipewise-dem0', first)).toBe(false);
    expect(await verifyPassword('pipewise-demo', 'plain-text')).toBe(false);
  });

  it('treat the same text in composed and decomposed Unicode as one password', async () => {
    const hash = await hashPassword('café');
    expect(await verifyPassword('cafe\u0301', hash)).toBe(true);
  });

  it('are checked a few at a time: a flood beyond the waiting room is told the server is busy', async () => {
    // A cheap hash (N = 2^10) keeps the test fast; the limits do not depend on the cost.
    const cheap = `scrypt$1024$8$1$${Buffer.from('salt-salt-salt-1').toString('base64url')}$${'A'.repeat(43)}`;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 40 }, () => verifyPassword('x', cheap)),
    );
    const busy = outcomes.filter(
      (outcome) =>
        outcome.status === 'rejected' && outcome.reason instanceof PasswordCheckBusyError,
    );
    // Two run and 32 wait; the other six are refused at once.
    expect(busy).toHaveLength(6);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(34);
    // And the gate opens again once the flood has passed.
    expect(await verifyPassword('x', cheap)).toBe(false);
  });

  it('for a first admin are 16 random URL-safe characters', () => {
    const password = generatePassword();
    expect(password).toMatch(/^[\w-]{16}$/);
    expect(generatePassword()).not.toBe(password);
  });
});

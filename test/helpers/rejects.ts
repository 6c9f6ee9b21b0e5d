/** Awaits a promise that must reject with a domain error of this class and code; returns the error. */
import { expect } from 'vitest';
import type { DomainError } from '../../src/platform/errors.js';

export async function rejects(p: Promise<unknown>, cls: abstract new (...a: never[]) => DomainError, code: string): Promise<DomainError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `expected ${cls.name} ${code}`).toBeInstanceOf(cls);
  expect((err as DomainError).code).toBe(code);
  return err as DomainError;
}

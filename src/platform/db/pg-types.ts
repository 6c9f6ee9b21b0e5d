/**
 * PostgreSQL `int8` (bigint: money in fen, areas in centi-m², counts) arrives from `pg` as a
 * string. It is parsed here, once, for every connection: into a JS number when it is a safe
 * integer, and otherwise the query fails loudly rather than lose a fen.
 */
import pg from 'pg';

export function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(`int8 value ${text} is outside the safe integer range`);
  }
  return n;
}

let installed = false;
export function installPgTypeParsers(): void {
  if (installed) return;
  installed = true;
  pg.types.setTypeParser(pg.types.builtins.INT8, parseInt8);
  // `date` stays the calendar string YYYY-MM-DD: a Date would shift it by the time zone.
  pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);
}

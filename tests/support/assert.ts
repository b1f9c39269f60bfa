import assert from 'node:assert/strict';
import { SealmailError } from '../../src/core/errors';

/** For assert.rejects/throws: the error is a SealmailError with this code (and passes `check`). */
export function rejectsWith(code: string, check?: (error: SealmailError) => void) {
  return (error: unknown) => {
    assert.ok(error instanceof SealmailError, `expected a SealmailError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    check?.(error);
    return true;
  };
}

import { describe, expect, it } from 'vitest';
import { AppError, notFound } from '../../lib/errors';
import { DuplicateError, NotEmptyError } from '../../lib/store/types';

// A second copy of each module, as the web routes (Next's build) and the server's own modules
// hold: errors thrown by one copy must be instances of the other's classes.
// (A query makes Vite load the file again; the path is a variable so the type checker does not
// look for a file of that name.)
const copyOf = (path: string) => import(/* @vite-ignore */ `${path}?copy`);
const errorsCopy = (await copyOf('../../lib/errors.ts')) as typeof import('../../lib/errors');
const typesCopy = (await copyOf('../../lib/store/types.ts')) as typeof import('../../lib/store/types');

describe('errors across copies of their module', () => {
  it('are the copies really separate classes', () => {
    expect(errorsCopy.AppError).not.toBe(AppError);
    expect(typesCopy.DuplicateError).not.toBe(DuplicateError);
  });

  it('are instances of either copy of their class, and of no other', () => {
    expect(new errorsCopy.AppError(409, 'x', 'y')).toBeInstanceOf(AppError);
    expect(notFound()).toBeInstanceOf(errorsCopy.AppError);
    expect(new typesCopy.DuplicateError('A user')).toBeInstanceOf(DuplicateError);
    expect(new typesCopy.NotEmptyError()).toBeInstanceOf(NotEmptyError);
    expect(new typesCopy.DuplicateError('A user')).not.toBeInstanceOf(AppError);
    expect(new Error('plain')).not.toBeInstanceOf(AppError);
    expect(null).not.toBeInstanceOf(DuplicateError);
    // Still errors, with their fields.
    const e = new errorsCopy.AppError(404, 'not_found', 'gone');
    expect(e).toBeInstanceOf(Error);
    expect([e.status, e.code, e.message, e.name]).toEqual([404, 'not_found', 'gone', 'AppError']);
  });
});

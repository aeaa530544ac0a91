import { AppError } from '../errors';

/** The file is larger than MAX_IMPORT_BYTES, or unpacks to more than we are willing to read. */
export function tooLarge(message: string): AppError {
  return new AppError(413, 'too_large', message);
}

export function unsupportedFormat(message: string): AppError {
  return new AppError(400, 'unsupported_format', message);
}

/** The file claims a format but cannot be read as one. */
export function malformed(message: string): AppError {
  return new AppError(400, 'malformed_file', message);
}

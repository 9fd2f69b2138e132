import { ConfigFileError } from '../src';
import { readConfigFile } from '../src/load-config-file';

/** The error a file with mistakes is refused with; fails the test when the file is accepted. */
export function problemsOf(path: string): ConfigFileError {
  try {
    readConfigFile(path);
  } catch (error) {
    if (error instanceof ConfigFileError) return error;
    throw error;
  }
  throw new Error('the file was accepted');
}

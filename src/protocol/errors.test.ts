import { describe, expect, it } from 'vitest';
import {
  BackendUnavailableError,
  LabError,
  deserializeError,
  serializeError,
} from './errors';

describe('named errors across postMessage', () => {
  it('round-trips a registered subclass with its data', () => {
    const err = new BackendUnavailableError('webgpu: no adapter', { backend: 'webgpu' });
    const wire = structuredClone(serializeError(err));
    const back = deserializeError(wire);
    expect(back).toBeInstanceOf(BackendUnavailableError);
    expect(back.name).toBe('BackendUnavailableError');
    expect(back.message).toBe('webgpu: no adapter');
    expect(back.data).toEqual({ backend: 'webgpu' });
  });

  it('keeps the name of an unknown error and of plain Errors', () => {
    const back = deserializeError({ name: 'SomethingNewError', message: 'x' });
    expect(back).toBeInstanceOf(LabError);
    expect(back.name).toBe('SomethingNewError');
    expect(serializeError(new TypeError('bad'))).toEqual({ name: 'TypeError', message: 'bad' });
    expect(serializeError('plain')).toEqual({ name: 'Error', message: 'plain' });
  });
});

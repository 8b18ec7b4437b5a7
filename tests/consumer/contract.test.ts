import { describe, expect, it } from 'vitest';
import * as contract from '@seq2seq-losses/spec/contract';
import * as spec from '@seq2seq-losses/spec';

// Every backend re-exports the contract, so a user needs only the backend package. The check runs
// over whatever spec/contract exports at run time: an error class added to spec is covered as is.
const BACKENDS = ['reference-cpu', 'backend-cpu', 'backend-tfjs', 'backend-webgpu', 'backend-onnx'] as const;

describe('the contract, re-exported by every backend', () => {
  it('spec/contract holds the error classes, CTC_INPUT_ERROR_CODES and resolveBackend of spec', () => {
    for (const name of ['CtcInputError', 'CtcUnsupportedError', 'CtcBackendUnavailableError', 'CTC_INPUT_ERROR_CODES', 'resolveBackend'] as const) {
      expect(contract[name], name).toBeDefined();
      expect(contract[name], name).toBe(spec[name]);
    }
  });

  for (const backend of BACKENDS) {
    it(`@seq2seq-losses/${backend} exports every runtime value of spec/contract, the same objects`, async () => {
      const mod = (await import(`@seq2seq-losses/${backend}`)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(contract)) expect(mod[name], `${backend}.${name}`).toBe(value);
      expect(typeof mod.createBackend).toBe('function');
    });
  }
});

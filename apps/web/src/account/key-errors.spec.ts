import { keyFormErrors } from './key-errors';

describe('a refused key save', () => {
  it('puts PROVIDER_URL_REFUSED on the base URL', () => {
    const err = Object.assign(new Error('This address is not one the platform calls.'), { code: 'PROVIDER_URL_REFUSED' });
    expect(keyFormErrors(err)).toEqual({ fields: { baseUrl: 'This address is not one the platform calls.' } });
  });
  it('puts VALIDATION_FAILED on the fields it names, the rest above the form', () => {
    const err = Object.assign(new Error('Invalid input: apiKey, extra'), { code: 'VALIDATION_FAILED', details: { fields: { apiKey: 'must be at least 8 characters', extra: 'unknown' } } });
    expect(keyFormErrors(err)).toEqual({ fields: { apiKey: 'must be at least 8 characters' }, general: 'Invalid input: apiKey, extra (extra: unknown)' });
  });
});

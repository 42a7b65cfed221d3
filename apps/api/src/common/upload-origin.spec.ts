import { uploadOrigin } from './upload-origin.js';

describe('the origin browsers upload to', () => {
  const base = { S3_BUCKET: 'studio', S3_REGION: 'eu-west-3', S3_FORCE_PATH_STYLE: false, S3_ENDPOINT: undefined, S3_PUBLIC_ENDPOINT: undefined };

  it('is the public endpoint when there is one, else the endpoint, as an origin (no path)', () => {
    expect(uploadOrigin({ ...base, S3_ENDPOINT: 'http://minio:9000', S3_PUBLIC_ENDPOINT: 'https://files.example.com/s3/' })).toBe('https://files.example.com');
    expect(uploadOrigin({ ...base, S3_ENDPOINT: 'http://127.0.0.1:34351' })).toBe('http://127.0.0.1:34351');
  });

  it("is AWS S3's host for the bucket without an endpoint", () => {
    expect(uploadOrigin(base)).toBe('https://studio.s3.eu-west-3.amazonaws.com');
    expect(uploadOrigin({ ...base, S3_FORCE_PATH_STYLE: true })).toBe('https://s3.eu-west-3.amazonaws.com');
  });
});

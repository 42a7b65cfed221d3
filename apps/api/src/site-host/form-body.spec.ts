import { FORM_HONEYPOT_FIELD } from '@studio/contracts';
import { FORM_LIMITS, formPage, parseForm } from './form-body.js';

const urlencoded = 'application/x-www-form-urlencoded';
const json = 'application/json; charset=utf-8';
const body = (s: string) => Buffer.from(s);

describe('parseForm', () => {
  it('reads a browser post, repeated names joined, honeypot and _page taken out', () => {
    const parsed = parseForm(urlencoded, body(`email=a%40b.test&topic=x&topic=y&${FORM_HONEYPOT_FIELD}=&_page=%2Fpricing`));
    expect(parsed).toEqual({ ok: true, fields: { email: 'a@b.test', topic: 'x, y' }, honeypot: false, page: '/pricing' });
  });

  it('reads one flat JSON object of strings, numbers and booleans', () => {
    expect(parseForm(json, body('{"email":"a@b.test","seats":3,"agree":true}'))).toEqual({ ok: true, fields: { email: 'a@b.test', seats: '3', agree: 'true' }, honeypot: false });
  });

  it('flags a filled honeypot (whitespace alone is empty)', () => {
    expect(parseForm(json, body(`{"email":"x","${FORM_HONEYPOT_FIELD}":"http://spam.test"}`))).toMatchObject({ ok: true, honeypot: true });
    expect(parseForm(json, body(`{"email":"x","${FORM_HONEYPOT_FIELD}":"  "}`))).toMatchObject({ ok: true, honeypot: false });
  });

  it('refuses other types, bad JSON, nesting, and anything past the limits', () => {
    const refused = [
      parseForm('multipart/form-data; boundary=x', body('--x--')),
      parseForm(undefined, body('a=1')),
      parseForm(json, body('{"a":')),
      parseForm(json, body('["a"]')),
      parseForm(json, body('{"a":{"b":1}}')),
      parseForm(json, body('{"a":null}')),
      parseForm(urlencoded, body(Array.from({ length: FORM_LIMITS.fields + 1 }, (_, i) => `f${i}=1`).join('&'))),
      parseForm(urlencoded, body(`${'k'.repeat(FORM_LIMITS.keyLength + 1)}=1`)),
      parseForm(urlencoded, body(`a=${'v'.repeat(FORM_LIMITS.valueLength + 1)}`)),
      parseForm(urlencoded, body('=1')),
      parseForm(urlencoded, body('a=%00')),
      parseForm(json, body('{"a":"\\ud800"}')),
    ];
    for (const [i, parsed] of refused.entries()) expect([i, parsed.ok]).toEqual([i, false]);
  });

  it('keeps a __proto__ field as data, never as the object prototype', () => {
    const parsed = parseForm(json, body('{"__proto__":"x","a":"1"}'));
    expect(parsed.ok && Object.getPrototypeOf(parsed.fields)).toBe(Object.prototype);
  });
});

describe('formPage', () => {
  it("takes the Referer's path on the same host, else the page's own field, else /", () => {
    expect(formPage('http://shop.sites.localhost:3100/pricing?x=1', 'shop.sites.localhost:3100', '/other')).toBe('/pricing');
    expect(formPage('http://evil.test/phish', 'shop.sites.localhost:3100', '/pricing')).toBe('/pricing');
    expect(formPage(undefined, 'shop.sites.localhost', undefined)).toBe('/');
    expect(formPage('not a url', 'shop.sites.localhost', '//evil.test')).toBe('/');
  });
});

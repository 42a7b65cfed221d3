import { safeCell, submissionsCsv } from './submissions-csv.js';

const at = (iso: string) => new Date(iso);

describe('submissionsCsv', () => {
  it('has created_at, form, page, then the union of fields sorted; a missing field is an empty cell', () => {
    const csv = submissionsCsv([
      { form: 'waitlist', page: '/', data: { email: 'a@example.test' }, createdAt: at('2026-12-01T10:00:00.000Z') },
      { form: 'contact', page: '/contact', data: { name: 'Bo', message: 'Hi', email: 'b@example.test' }, createdAt: at('2026-12-01T09:00:00.000Z') },
    ]);
    expect(csv.split('\r\n')).toEqual([
      'created_at,form,page,email,message,name',
      '2026-12-01T10:00:00.000Z,waitlist,/,a@example.test,,',
      '2026-12-01T09:00:00.000Z,contact,/contact,b@example.test,Hi,Bo',
      '',
    ]);
  });

  it('quotes commas, quotes and line breaks so a spreadsheet reads each value back whole', () => {
    const data = { message: 'one, "two"\nthree' };
    const csv = submissionsCsv([{ form: 'contact', page: '/', data, createdAt: at('2026-12-01T10:00:00.000Z') }]);
    expect(csv).toBe('created_at,form,page,message\r\n2026-12-01T10:00:00.000Z,contact,/,"one, ""two""\nthree"\r\n');
  });

  it('puts an apostrophe before a cell a spreadsheet would run as a formula, in values and field names', () => {
    const data = { email: '=HYPERLINK("http://evil.test","x")', note: '+1', '@cmd': '-2', plain: 'a=b' };
    const [header, row] = submissionsCsv([{ form: 'contact', page: '/', data, createdAt: at('2026-12-01T10:00:00.000Z') }]).split('\r\n');
    expect(header).toBe("created_at,form,page,'@cmd,email,note,plain");
    expect(row).toBe(`2026-12-01T10:00:00.000Z,contact,/,'-2,"'=HYPERLINK(""http://evil.test"",""x"")",'+1,a=b`);
  });

  it('guards tab and carriage return starts too, and leaves other text alone', () => {
    expect(safeCell('\tx')).toBe("'\tx");
    expect(safeCell('\rx')).toBe("'\rx");
    expect(safeCell('hello = world')).toBe('hello = world');
    expect(safeCell('')).toBe('');
  });

  it('is only the header for no submissions', () => {
    expect(submissionsCsv([])).toBe('created_at,form,page\r\n');
  });
});

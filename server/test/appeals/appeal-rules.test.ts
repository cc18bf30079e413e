/** The appeals' rules, without a database. */
import { APPEAL_MAX_LENGTH, checkedText, cleanText, isReplyRecipient, parseId, textLength } from '../../src/appeals/appeal.service';

const field = (fn: () => unknown) => {
  try {
    fn();
  } catch (e: any) {
    return { code: e.extensions?.code, field: e.extensions?.field };
  }
  return null;
};

it('cleans text: line ends, control characters other than newline and tab, surrounding blanks', () => {
  expect(cleanText(' \u0000a\r\nb\rc\td\u0085\u007f\u001b[31m ')).toBe('a\nb\nc\td[31m');
  expect(cleanText('\n\n  \t')).toBe('');
});

it('counts code points, not UTF-16 units or bytes', () => {
  expect(textLength('😀'.repeat(500))).toBe(500);
  expect('😀'.repeat(500).length).toBe(1000);
  expect(textLength('ёж')).toBe(2);
});

it('accepts 1..500 characters and names the field otherwise', () => {
  expect(checkedText('😀'.repeat(APPEAL_MAX_LENGTH), APPEAL_MAX_LENGTH, 'text', 'обращения')).toHaveLength(1000);
  expect(field(() => checkedText('😀'.repeat(APPEAL_MAX_LENGTH + 1), APPEAL_MAX_LENGTH, 'text', 'обращения'))).toEqual({ code: 'BAD_USER_INPUT', field: 'text' });
  expect(field(() => checkedText(' \u0007 ', APPEAL_MAX_LENGTH, 'text', 'обращения'))).toEqual({ code: 'BAD_USER_INPUT', field: 'text' });
  // Counted after cleaning: blanks around a 500-character text do not count.
  expect(checkedText(`  ${'a'.repeat(500)}\n`, APPEAL_MAX_LENGTH, 'text', 'обращения')).toBe('a'.repeat(500));
});

it('sends a live reply only to the person who holds the appeal’s account (a token: if it reaches that account)', () => {
  const event = { accountId: 7, subscriberId: 70, replyId: 1 };
  expect(isReplyRecipient({ kind: 'subscriber', subscriberId: 70, accountId: 7, via: 'session' }, event)).toBe(true);
  // Signed in with another of the person's accounts: still theirs.
  expect(isReplyRecipient({ kind: 'subscriber', subscriberId: 70, accountId: 8, via: 'session' }, event)).toBe(true);
  expect(isReplyRecipient({ kind: 'subscriber', subscriberId: 80, accountId: 7, via: 'session' }, event)).toBe(false);
  expect(isReplyRecipient({ kind: 'subscriber', subscriberId: 70, accountId: 8, via: 'token', tokenAccountIds: [8] }, event)).toBe(false);
  expect(isReplyRecipient({ kind: 'subscriber', subscriberId: 70, accountId: 8, via: 'token', tokenAccountIds: [8, 7] }, event)).toBe(true);
  expect(isReplyRecipient({ kind: 'staff', staffId: 7, via: 'session' }, event)).toBe(false);
  expect(isReplyRecipient({ kind: 'anonymous' }, event)).toBe(false);
});

it('parses ids strictly', () => {
  const nf = () => new Error('nf');
  expect(parseId('42', nf)).toBe(42);
  for (const bad of ['', '0', '-1', '1.5', '1e3', 'abc', '99999999999']) expect(() => parseId(bad, nf)).toThrow('nf');
});

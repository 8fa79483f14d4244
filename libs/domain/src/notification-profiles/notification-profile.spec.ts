import { NOTIFICATION_PROFILE_DEFAULTS, readNotificationProfile, splitRecipients } from './notification-profile';

const problemsOf = (input: unknown): unknown => {
  try {
    readNotificationProfile('np-1', input);
  } catch (error) {
    return (error as { code: string; details: { problems: string[] } }).details.problems;
  }
  throw new Error('expected the input to be refused');
};

describe('notification profile input', () => {
  it("accepts the seed's semicolon form and applies the seed's defaults", () => {
    const profile = readNotificationProfile('np-1', {
      name: ' Lobby ',
      recipients: 'aa@aaaa.aa;bb@bbbb.bb; cc@cccc.cc ;;AA@aaaa.aa',
    });

    expect(profile).toEqual({
      ...NOTIFICATION_PROFILE_DEFAULTS,
      id: 'np-1',
      name: 'Lobby',
      recipients: ['aa@aaaa.aa', 'bb@bbbb.bb', 'cc@cccc.cc'],
    });
    expect(profile).toMatchObject({
      numberOfImages: 5,
      timeBetweenImagesMs: 500,
      timeBeforeEventSeconds: 2,
      timeAfterEventSeconds: 4,
      frameRate: 5,
      embedImages: true,
      includeImages: false,
      includeAvi: false,
    });
  });

  it('accepts a list of addresses too', () => {
    expect(splitRecipients(['a@b.cc', 'd@e.ff;g@h.ii'])).toEqual(['a@b.cc', 'd@e.ff', 'g@h.ii']);
  });

  it('lists every problem: unknown fields, wrong types and bad values', () => {
    expect(
      problemsOf({
        recipients: 'guard@example.org;nobody',
        subject: 'line\nbreak',
        timeBetweenEmailsSeconds: -1,
        numberOfImages: 'five',
        embedImages: 'yes',
        colour: 'red',
      }),
    ).toEqual([
      'colour: unknown field',
      'name: required',
      'numberOfImages: must be a number',
      'embedImages: must be true or false',
      "recipients: 'nobody' is not an e-mail address",
      'subject: one line (no line breaks)',
      'timeBetweenEmailsSeconds: an integer from 0 to 604800',
    ]);
    expect(problemsOf({ name: 'x', recipients: [] })).toEqual(['recipients: at least one e-mail address']);
    expect(problemsOf({ name: 'x', recipients: 42 })).toEqual([
      'recipients: a list of e-mail addresses or one string separated by ;',
    ]);
    expect(problemsOf([])).toEqual(['body: must be a JSON object']);
  });
});

import { isFresh, weakEntityTag } from './entity-tag.hook';

describe('entity tags as Express made them', () => {
  it('tags a body by its byte length and the start of its SHA-1, as the etag package does', () => {
    // given bodies whose Express ETags are known (etag(body, { weak: true }))
    // when / then
    expect(weakEntityTag('{"status":"ok"}')).toBe('W/"f-VaSQ4oDUiZblZNAEkkN+sX+q3Sg"');
    expect(weakEntityTag(Buffer.from('{"status":"ok"}'))).toBe('W/"f-VaSQ4oDUiZblZNAEkkN+sX+q3Sg"');
    expect(weakEntityTag('')).toBe('W/"0-2jmj7l5rSw0yVb/vlWAYkK/YBwk"');
    expect(weakEntityTag('é')).toBe('W/"2-vxW+cXrBsIC08cRWaSgliR/1Bz0"');
  });

  it('finds a request fresh when it names the tag (weak or strong, in a list, or *), unless it asks for no-cache', () => {
    // given
    const tag = 'W/"f-VaSQ4oDUiZblZNAEkkN+sX+q3Sg"';

    // when / then
    expect(isFresh({ 'if-none-match': tag }, tag)).toBe(true);
    expect(isFresh({ 'if-none-match': '"f-VaSQ4oDUiZblZNAEkkN+sX+q3Sg"' }, tag)).toBe(true);
    expect(isFresh({ 'if-none-match': `"other", ${tag}` }, tag)).toBe(true);
    expect(isFresh({ 'if-none-match': '*' }, tag)).toBe(true);
    expect(isFresh({ 'if-none-match': '"other"' }, tag)).toBe(false);
    expect(isFresh({}, tag)).toBe(false);
    expect(isFresh({ 'if-none-match': tag, 'cache-control': 'no-cache' }, tag)).toBe(false);
    expect(isFresh({ 'if-modified-since': new Date().toUTCString() }, tag)).toBe(false);
  });
});

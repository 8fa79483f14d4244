import { childNamed, childText, escapeXml, parseXml, XmlParseError } from './xml.parser';

describe('parseXml', () => {
  it('resolves prefixes and default namespaces to URIs, whatever the client chose', () => {
    // given the envelope shape the onvif package sends (default namespace on the operation)
    const xml =
      '<?xml version="1.0"?><s:Envelope xmlns:s="urn:soap"><s:Body>' +
      '<GetPresets xmlns="urn:ptz"><ProfileToken>Profile_1</ProfileToken></GetPresets>' +
      '<p:Other xmlns:p="urn:other" p:attr="1"/></s:Body></s:Envelope>';

    // when it is parsed
    const root = parseXml(xml);

    // then names are local and namespaces resolved, inherited by unprefixed children
    expect(root).toMatchObject({ name: 'Envelope', namespace: 'urn:soap' });
    const body = childNamed(root, 'Body');
    expect(body?.children.map((child) => [child.namespace, child.name])).toEqual([
      ['urn:ptz', 'GetPresets'],
      ['urn:other', 'Other'],
    ]);
    expect(childNamed(body?.children[0], 'ProfileToken')?.namespace).toBe('urn:ptz');
    expect(childText(body?.children[0], 'ProfileToken')).toBe('Profile_1');
    expect(body?.children[1]?.attributes).toEqual({ attr: '1' });
  });

  it('decodes entities and CDATA, skips comments, reads both quote styles', () => {
    const root = parseXml(
      `<a x='1 &amp; 2' y="&#x41;&#66;"><!-- no --><b>&lt;tag&gt; &quot;q&quot;<![CDATA[<raw>]]></b></a>`,
    );
    expect(root.attributes).toEqual({ x: '1 & 2', y: 'AB' });
    expect(childText(root, 'b')).toBe('<tag> "q"<raw>');
  });

  it.each([
    ['unclosed element', '<a><b></a>'],
    ['undeclared prefix', '<x:a/>'],
    ['a DOCTYPE (entity expansion)', '<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>'],
    ['an unknown entity', '<a>&nope;</a>'],
    ['two roots', '<a/><b/>'],
    ['no element at all', '   '],
    ['a malformed attribute', '<a b=1/>'],
  ])('refuses %s', (_case, xml) => {
    expect(() => parseXml(xml)).toThrow(XmlParseError);
  });

  it('escapes text for content and attributes', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });
});

import { ruleJobId, ruleJobIdPrefix } from './rule-job-id';

type Parts = Parameters<typeof ruleJobId>[0];

const parts = (overrides: Partial<Parts> = {}): Parts => ({
  ruleId: 'r-1',
  ruleVersion: 3,
  triggeringEventId: 'evt-1',
  phase: 'start',
  sourceKey: 'device/cam-1',
  actionIndex: 0,
  targets: { deviceIds: ['cam-1'], allDeviceKinds: [] },
  ...overrides,
});

describe('ruleJobId', () => {
  it('given the same parts twice, then the id is the same, starting with the rule prefix', () => {
    expect(ruleJobId(parts())).toBe(ruleJobId(parts()));
    expect(ruleJobId(parts())).toBe('rule|r-1|v3|evt-1|start|device%2Fcam-1|a0|cam-1');
    expect(ruleJobId(parts()).startsWith(`${ruleJobIdPrefix('r-1', 3)}|`)).toBe(true);
  });

  it("given ':' and '|' inside the parts, then the id holds no ':' and the '|' of a part is encoded", () => {
    const id = ruleJobId(
      parts({
        ruleId: 'r:1|x',
        triggeringEventId: 'evt:1|y',
        sourceKey: 'device/cam:1|z',
        targets: { deviceIds: ['cam:1|w'], allDeviceKinds: [] },
      }),
    );

    expect(id).not.toContain(':');
    expect(id.split('|')).toHaveLength(8); // rule, id, version, event, phase, source, action, target
    expect(id).toBe('rule|r%3A1%7Cx|v3|evt%3A1%7Cy|start|device%2Fcam%3A1%7Cz|a0|cam%3A1%7Cw');
  });

  it('given ids that differ in one part, then the ids differ', () => {
    const variants: Parts[] = [
      parts(),
      parts({ ruleId: 'r-2' }),
      parts({ ruleVersion: 4 }),
      parts({ triggeringEventId: 'evt-2' }),
      parts({ phase: 'stop' }),
      parts({ sourceKey: 'device/cam-2' }),
      parts({ sourceKey: 'external' }),
      parts({ actionIndex: 1 }),
      parts({ targets: { deviceIds: ['cam-2'], allDeviceKinds: [] } }),
      parts({ targets: { deviceIds: ['cam-1', 'cam-2'], allDeviceKinds: [] } }),
      parts({ targets: { deviceIds: [], allDeviceKinds: ['cameras'] } }),
      parts({ targets: { deviceIds: ['cam-1'], allDeviceKinds: ['cameras'] } }),
      parts({ targets: { deviceIds: [], allDeviceKinds: [] } }),
      // ids that look like the separators stay apart from lists and from "no targets"
      parts({ targets: { deviceIds: ['a,b'], allDeviceKinds: [] } }),
      parts({ targets: { deviceIds: ['a', 'b'], allDeviceKinds: [] } }),
      parts({ targets: { deviceIds: ['-'], allDeviceKinds: [] } }),
    ];
    const ids = variants.map(ruleJobId);

    expect(new Set(ids).size).toBe(variants.length);
    for (const id of ids) {
      expect(id).not.toContain(':');
    }
  });
});

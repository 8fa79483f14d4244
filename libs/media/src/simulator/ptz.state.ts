// The simulated pan/tilt/zoom head. Positions are in ONVIF's generic spaces (pan and tilt -1..1, zoom 0..1).
// A continuous move is integrated lazily from its start time, so the position advances with the (injected) clock
// without a timer, and Stop or a timeout freezes it where it got to.

export type PtzVector = Readonly<{ x: number; y: number; zoom: number }>;
export type PtzPreset = Readonly<{ token: string; name: string; position: PtzVector }>;

type ContinuousMove = Readonly<{ from: PtzVector; velocity: PtzVector; since: number; until: number }>;

const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));
const bounded = (v: PtzVector): PtzVector => ({
  x: clamp(v.x, -1, 1),
  y: clamp(v.y, -1, 1),
  zoom: clamp(v.zoom, 0, 1),
});

export const HOME: PtzVector = { x: 0, y: 0, zoom: 0 };

export const DEFAULT_PRESETS: readonly PtzPreset[] = [
  { token: '1', name: 'Entrance', position: { x: -0.5, y: 0.2, zoom: 0 } },
  { token: '2', name: 'Parking', position: { x: 0.5, y: -0.1, zoom: 0.5 } },
  { token: '3', name: 'Gate', position: { x: 0.9, y: 0.3, zoom: 1 } },
];

export class PtzState {
  private resting: PtzVector = HOME;
  private move: ContinuousMove | undefined;
  private home: PtzVector = HOME;
  private readonly presetsByToken = new Map<string, PtzPreset>();
  private nextToken = 1;

  constructor(
    private readonly now: () => number,
    presets: readonly PtzPreset[] = DEFAULT_PRESETS,
  ) {
    for (const preset of presets) {
      this.presetsByToken.set(preset.token, preset);
      this.nextToken = Math.max(this.nextToken, Number(preset.token) + 1 || this.nextToken);
    }
  }

  position(): PtzVector {
    const move = this.move;
    if (!move) {
      return this.resting;
    }
    const seconds = (Math.min(this.now(), move.until) - move.since) / 1000;
    return bounded({
      x: move.from.x + move.velocity.x * seconds,
      y: move.from.y + move.velocity.y * seconds,
      zoom: move.from.zoom + move.velocity.zoom * seconds,
    });
  }

  isMoving(): boolean {
    return this.move !== undefined && this.now() < this.move.until;
  }

  absoluteMove(target: PtzVector): void {
    this.settle(bounded(target));
  }

  relativeMove(delta: PtzVector): void {
    const at = this.position();
    this.settle(bounded({ x: at.x + delta.x, y: at.y + delta.y, zoom: at.zoom + delta.zoom }));
  }

  /** Moves at velocity (units per second) until stop() or timeoutMs, whichever comes first. */
  continuousMove(velocity: PtzVector, timeoutMs = Number.POSITIVE_INFINITY): void {
    const since = this.now();
    this.move = { from: this.position(), velocity, since, until: since + timeoutMs };
  }

  stop(): void {
    this.settle(this.position());
  }

  presets(): readonly PtzPreset[] {
    return [...this.presetsByToken.values()];
  }

  /** Returns false when there is no such preset. The simulated head arrives at once. */
  gotoPreset(token: string): boolean {
    const preset = this.presetsByToken.get(token);
    if (!preset) {
      return false;
    }
    this.settle(preset.position);
    return true;
  }

  gotoHome(): void {
    this.settle(this.home);
  }

  setHome(): void {
    this.home = this.position();
  }

  /** Stores the current position under token (a new token when omitted); returns the token, or undefined if unknown. */
  setPreset(name: string | undefined, token: string | undefined): string | undefined {
    if (token !== undefined && !this.presetsByToken.has(token)) {
      return undefined;
    }
    const presetToken = token ?? String(this.nextToken++);
    const previous = this.presetsByToken.get(presetToken);
    this.presetsByToken.set(presetToken, {
      token: presetToken,
      name: name ?? previous?.name ?? `Preset ${presetToken}`,
      position: this.position(),
    });
    return presetToken;
  }

  removePreset(token: string): boolean {
    return this.presetsByToken.delete(token);
  }

  private settle(position: PtzVector): void {
    this.move = undefined;
    this.resting = position;
  }
}

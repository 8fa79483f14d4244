import { Inject, Injectable } from '@nestjs/common';
import {
  AVI_COMPRESSORS,
  AVI_GENERATION_SETTINGS_STREAM,
  aviGenerationDecider,
  readAviGenerationSettings,
  type EventStore,
} from '@vigil/domain';
import { EVENT_STORE, handleCommand, readState } from '@vigil/infrastructure';
import type { Actor } from '../auth/actor';
import type { AviGenerationSettingsView } from './notification-profiles.dto';

/**
 * The AVI generation settings (FEATURES 4.6), folded from `settings-avigeneration`: the defaults until an
 * administrator saves them. The view lists the compressors and what each has, as the seed's tab greys out what a
 * codec lacks.
 */
@Injectable()
export class AviGenerationSettingsService {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async get(): Promise<AviGenerationSettingsView> {
    const { state } = await readState(this.store, AVI_GENERATION_SETTINGS_STREAM, aviGenerationDecider);
    return { ...state.settings, compressors: AVI_COMPRESSORS };
  }

  async update(actor: Actor, body: unknown): Promise<AviGenerationSettingsView> {
    const settings = readAviGenerationSettings(body);
    await handleCommand(
      this.store,
      AVI_GENERATION_SETTINGS_STREAM,
      aviGenerationDecider,
      { type: 'ConfigureAviGeneration', data: { settings, byUserId: actor.userId, now: Date.now() } },
      { actorId: actor.userId, address: actor.address },
    );
    return this.get();
  }
}

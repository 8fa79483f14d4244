import { ALWAYS_TIME_PROFILE_ID } from '../time-profiles/time-profile';
import type { RuleDefinition } from './rule';

/**
 * The shipped default rules of FEATURES 1.8 that concern this system, as their recreate texts state them
 * (S2:12388-12397). Ids are fixed (persisted: do not rename). Audio, metadata, access-request and play-audio rules are
 * left out: this system has no such devices or actions.
 */
export const DEFAULT_RULE_IDS = {
  goToPresetWhenPtzIsDone: 'default-go-to-preset-when-ptz-is-done',
  recordOnBookmark: 'default-record-on-bookmark',
  recordOnMotion: 'default-record-on-motion',
  recordOnRequest: 'default-record-on-request',
  startFeed: 'default-start-feed',
} as const;

const eventDevice = { kind: 'eventDevice' } as const;
const allCameras = { kind: 'all', deviceKinds: ['cameras'] } as const;

export const DEFAULT_RULES: readonly RuleDefinition[] = [
  {
    id: DEFAULT_RULE_IDS.goToPresetWhenPtzIsDone,
    name: 'Go to Preset when PTZ is done',
    description:
      'Ensures that PTZ cameras go to their respective default preset positions after you have operated them manually.',
    active: false, // "This rule is not enabled by default" (S2:12365)
    trigger: { kind: 'event', eventType: 'PTZManualSessionStopped', sources: allCameras },
    conditions: [],
    actions: [{ type: 'MoveToDefaultPreset', target: eventDevice }],
  },
  {
    id: DEFAULT_RULE_IDS.recordOnBookmark,
    name: 'Record on Bookmark',
    description: 'Ensures that video is recorded automatically when an operator sets a bookmark.',
    active: true,
    trigger: {
      kind: 'event',
      eventType: 'BookmarkReferenceRequested',
      sources: { kind: 'all', deviceKinds: ['cameras', 'microphones', 'speakers'] },
    },
    conditions: [],
    actions: [{ type: 'StartRecording', preBufferSeconds: 3, target: eventDevice }],
    stop: { criterion: { kind: 'afterSeconds', seconds: 30 }, actions: [{ type: 'StopRecording', delaySeconds: 0 }] },
  },
  {
    id: DEFAULT_RULE_IDS.recordOnMotion,
    name: 'Record on Motion',
    description: 'Ensures that as long as motion is detected in video from cameras, the video is recorded.',
    active: true,
    trigger: { kind: 'event', eventType: 'MotionStarted', sources: allCameras },
    conditions: [],
    actions: [{ type: 'StartRecording', preBufferSeconds: 3, target: eventDevice }],
    stop: {
      criterion: { kind: 'onEvent', eventType: 'MotionStopped', sources: allCameras },
      actions: [{ type: 'StopRecording', delaySeconds: 3 }],
    },
  },
  {
    id: DEFAULT_RULE_IDS.recordOnRequest,
    name: 'Record on Request',
    description: 'Ensures that video is recorded automatically when an external request occurs.',
    active: true,
    trigger: { kind: 'event', eventType: 'RequestStartRecording', sources: { kind: 'external' } },
    conditions: [],
    actions: [{ type: 'StartRecording', preBufferSeconds: 0, target: { kind: 'metadataDevices' } }],
    stop: {
      criterion: { kind: 'onEvent', eventType: 'RequestStopRecording', sources: { kind: 'external' } },
      actions: [{ type: 'StopRecording', delaySeconds: 0 }],
    },
  },
  {
    id: DEFAULT_RULE_IDS.startFeed,
    name: 'Start Feed',
    description: 'Ensures that video feeds from all connected cameras are automatically fed to the system.',
    active: true,
    trigger: { kind: 'timeInterval', timeProfileId: ALWAYS_TIME_PROFILE_ID, edge: 'entering' },
    conditions: [],
    actions: [{ type: 'StartFeed', target: allCameras }],
    stop: { criterion: { kind: 'intervalEnds' }, actions: [{ type: 'StopFeed', delaySeconds: 0 }] },
  },
];

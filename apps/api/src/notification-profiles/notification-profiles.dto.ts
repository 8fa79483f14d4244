import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  AVI_COMPRESSORS,
  DEFAULT_MAIL_SERVER_PORT,
  NOTIFICATION_PROFILE_DEFAULTS,
  type AviCompressor,
  type AviGenerationSettings,
} from '@vigil/domain';

/**
 * The request bodies, for the OpenAPI document only: the domain reads them (readNotificationProfile,
 * readMailServerSettings, readAviGenerationSettings) and answers 422 listing every problem, unknown fields included.
 */
export class NotificationProfileRequest {
  @ApiProperty({ example: 'Security: Red Sector Entrance' })
  name!: string;

  @ApiPropertyOptional({ example: '' })
  description?: string;

  @ApiProperty({
    description: 'a list of addresses, or one string separated by semicolons',
    example: 'aa@aaaa.aa;bb@bbbb.bb',
  })
  recipients!: string | string[];

  @ApiPropertyOptional({ example: '$EventName$ on $DeviceName$' })
  subject?: string;

  @ApiPropertyOptional({ example: 'Rule $RuleName$ fired at $TriggerTime$.' })
  messageText?: string;

  @ApiPropertyOptional({ example: 120, description: '0 = an e-mail on every trigger' })
  timeBetweenEmailsSeconds?: number;

  @ApiPropertyOptional({ example: NOTIFICATION_PROFILE_DEFAULTS.numberOfImages })
  numberOfImages?: number;

  @ApiPropertyOptional({ example: NOTIFICATION_PROFILE_DEFAULTS.timeBetweenImagesMs })
  timeBetweenImagesMs?: number;

  @ApiPropertyOptional({ example: NOTIFICATION_PROFILE_DEFAULTS.timeBeforeEventSeconds })
  timeBeforeEventSeconds?: number;

  @ApiPropertyOptional({ example: NOTIFICATION_PROFILE_DEFAULTS.timeAfterEventSeconds })
  timeAfterEventSeconds?: number;

  @ApiPropertyOptional({ example: NOTIFICATION_PROFILE_DEFAULTS.frameRate })
  frameRate?: number;

  @ApiPropertyOptional({ example: NOTIFICATION_PROFILE_DEFAULTS.embedImages })
  embedImages?: boolean;

  @ApiPropertyOptional({ example: NOTIFICATION_PROFILE_DEFAULTS.includeImages })
  includeImages?: boolean;

  @ApiPropertyOptional({ example: NOTIFICATION_PROFILE_DEFAULTS.includeAvi })
  includeAvi?: boolean;
}

export class MailServerSettingsRequest {
  @ApiProperty({ example: 'sender@organization.org' })
  senderAddress!: string;

  @ApiProperty({ example: 'mailserver.organization.org' })
  host!: string;

  @ApiPropertyOptional({ example: DEFAULT_MAIL_SERVER_PORT })
  port?: number;

  @ApiPropertyOptional({ example: false, description: 'encrypt the connection with STARTTLS' })
  startTls?: boolean;

  @ApiPropertyOptional({ example: false })
  requiresLogin?: boolean;

  @ApiPropertyOptional({ example: 'vigil' })
  userName?: string;

  @ApiPropertyOptional({ description: 'write-only: omitted keeps the stored password, null removes it' })
  password?: string | null;
}

/** The settings as the API shows them: the password never, only whether one is stored. */
export type MailServerSettingsView = Readonly<{
  configured: boolean;
  senderAddress: string;
  host: string;
  port: number;
  startTls: boolean;
  requiresLogin: boolean;
  userName: string | null;
  hasPassword: boolean;
}>;

export class AviGenerationSettingsRequest {
  @ApiProperty({ enum: Object.keys(AVI_COMPRESSORS), example: 'mjpeg' })
  compressor!: AviCompressor;

  @ApiPropertyOptional({
    example: 10,
    nullable: true,
    description: '0 (no compression) to 100 (maximum compression); null or omitted: the codec decides',
  })
  compressionQuality?: number | null;

  @ApiPropertyOptional({ example: null, nullable: true, description: 'a keyframe every N frames; null: every frame' })
  keyframeEvery?: number | null;

  @ApiPropertyOptional({ example: null, nullable: true, description: 'kilobytes per second; null: the codec decides' })
  dataRateKBps?: number | null;
}

/** The settings, and the compressors with what each of them has. */
export type AviGenerationSettingsView = AviGenerationSettings & Readonly<{ compressors: typeof AVI_COMPRESSORS }>;

/** The SMTP server's answer to a test e-mail. */
export type TestEmailResult = Readonly<{
  messageId: string | null;
  response: string;
  accepted: readonly string[];
  rejected: readonly string[];
}>;

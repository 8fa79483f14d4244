import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import type { WebhookDeliveryOutcome } from '@vigil/domain';

/**
 * A webhook as the API takes it (the id comes from the URL or is new). Types are checked here; the values (name
 * length, absolute http/https address, token length, API version) by the domain, which reports every problem at
 * once as 422 WEBHOOK_INVALID.
 */
export class WebhookRequest {
  @ApiProperty({ example: 'Ticketing system' })
  @IsString()
  name!: string;

  @ApiProperty({ example: 'https://tickets.example.com/hooks/vigil' })
  @IsString()
  address!: string;

  @ApiPropertyOptional({
    description:
      'shared secret (1-256 characters) signing each delivery: X-Vigil-Signature = sha256=<hex HMAC-SHA256 of the ' +
      'body>. Never returned. On update: omitted keeps the current token, null removes it.',
    nullable: true,
  })
  @IsOptional()
  @IsString()
  token?: string | null;

  @ApiPropertyOptional({ enum: ['v1'], default: 'v1' })
  @IsOptional()
  @IsString()
  apiVersion?: string;
}

export class DeliveriesQuery {
  @ApiPropertyOptional({ default: 50, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000)
  limit?: number;
}

/** One attempt of a delivery, newest first in a listing. */
export type WebhookDeliveryView = Readonly<{
  eventId: string;
  jobId: string;
  attempt: number;
  at: string;
  url: string;
  statusCode?: number;
  durationMs: number;
  outcome: WebhookDeliveryOutcome;
  error?: string;
}>;

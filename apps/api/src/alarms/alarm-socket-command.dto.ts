import { IsIn, IsInt, IsOptional, IsString, Length, ValidateIf } from 'class-validator';

export const ALARM_SOCKET_COMMANDS = ['acknowledge', 'assign', 'priority', 'state', 'comment', 'close'] as const;
export type AlarmSocketCommandType = (typeof ALARM_SOCKET_COMMANDS)[number];

/**
 * A command an operator sends over the alarm socket (`command`, with an acknowledgement): the same commands and
 * fields as the REST routes POST /api/alarms/:id/<command>, with the alarm in `alarmId`. The acknowledgement is
 * `{ ok: true }`, or `{ ok: false, statusCode, code, message }` with the REST route's status and code.
 */
export class AlarmSocketCommand {
  @IsIn(ALARM_SOCKET_COMMANDS)
  type!: AlarmSocketCommandType;

  @IsString()
  @Length(1, 100)
  alarmId!: string;

  @ValidateIf((command: AlarmSocketCommand) => command.type === 'assign')
  @IsString()
  @Length(1, 100)
  ownerId?: string;

  @ValidateIf((command: AlarmSocketCommand) => command.type === 'priority')
  @IsInt()
  priority?: number;

  @ValidateIf((command: AlarmSocketCommand) => command.type === 'state')
  @IsInt()
  state?: number;

  @ValidateIf((command: AlarmSocketCommand) => command.type === 'comment')
  @IsString()
  @Length(1, 10_000)
  text?: string;

  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;

  @IsOptional()
  @IsString()
  @Length(1, 10_000)
  comment?: string;
}

import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { isDomainError, OWNER_ROLE_ID, userDecider, type EventStore } from '@vigil/domain';
import { EVENT_STORE, handleCommand, isWrongRevision, readState } from '@vigil/infrastructure';
import { PasswordHasher } from '../auth/password.hasher';
import { AccessReadModel } from './access-read-model';
import { userStream } from './access.projection';
import { reserveName } from './name-reservation';

/** The first Owner's id: fixed, so that concurrent first starts of several API processes create exactly one. */
export const FIRST_OWNER_USER_ID = '00000000-0000-4000-8000-000000000001'; // persisted: do not change
export const FIRST_OWNER_USER_NAME = 'owner';
export const OWNER_PASSWORD = Symbol('OWNER_PASSWORD');

/** A one-time password that meets the default policy: upper, lower, digit and symbol, 20 characters. */
const oneTimePassword = (): string => `Vg1!${randomBytes(12).toString('base64url')}`;

/**
 * Creates the Owner at first start, from VIGIL_OWNER_PASSWORD or with a one-time password printed once (which must
 * be changed at first login). Later starts find the Owner's stream and do nothing.
 */
@Injectable()
export class OwnerBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('OwnerBootstrap');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(OWNER_PASSWORD) private readonly configuredPassword: string | undefined,
    private readonly hasher: PasswordHasher,
    private readonly readModel: AccessReadModel,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const stream = userStream(FIRST_OWNER_USER_ID);
    if ((await readState(this.store, stream, userDecider)).state.status !== 'None') {
      return;
    }
    const password = this.configuredPassword ?? oneTimePassword();
    try {
      await reserveName(this.store, 'username', FIRST_OWNER_USER_NAME, FIRST_OWNER_USER_ID);
    } catch (error) {
      if (!isWrongRevision(error)) {
        throw error; // else: reserved by an earlier start that stopped before creating the Owner, or a concurrent one
      }
    }
    try {
      const outcome = await handleCommand(this.store, stream, userDecider, {
        type: 'CreateUser',
        data: {
          userId: FIRST_OWNER_USER_ID,
          userName: FIRST_OWNER_USER_NAME,
          displayName: 'Owner',
          passwordHash: await this.hasher.hash(password),
          roleIds: [OWNER_ROLE_ID],
          isOwner: true,
          mustChangePassword: this.configuredPassword === undefined,
          now: Date.now(),
        },
      });
      await this.readModel.caughtUp(outcome.position);
    } catch (error) {
      if (isDomainError(error) && error.code === 'USER_ALREADY_EXISTS') {
        return; // another API process created the Owner at the same moment
      }
      throw error;
    }
    this.logger.log(`created the Owner "${FIRST_OWNER_USER_NAME}"`);
    if (!this.configuredPassword) {
      // Printed once, on purpose and not through the logger: the only way to learn the first password.
      process.stdout.write(
        `\n  Vigil's Owner account: user "${FIRST_OWNER_USER_NAME}", one-time password ${password}\n` +
          '  It must be changed at first login. Set VIGIL_OWNER_PASSWORD to choose it instead.\n\n',
      );
    }
  }
}

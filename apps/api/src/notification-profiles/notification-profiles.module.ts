import { Global, Module } from '@nestjs/common';
import { secretBoxProvider } from '@vigil/infrastructure';
import { MailServerSettingsService } from './mail-server-settings.service';
import { MailServerSettingsController, NotificationProfilesController } from './notification-profiles.controller';
import { NotificationProfilesService } from './notification-profiles.service';
import { NotificationProfilesReadModel } from './notification-profiles-read-model';

/**
 * Notification profiles and the mail server settings (FEATURES 4). Global so that the rules service can check the
 * profiles a rule names (and show their names) without a module cycle.
 */
@Global()
@Module({
  controllers: [NotificationProfilesController, MailServerSettingsController],
  providers: [secretBoxProvider, NotificationProfilesReadModel, NotificationProfilesService, MailServerSettingsService],
  exports: [NotificationProfilesReadModel],
})
export class NotificationProfilesModule {}

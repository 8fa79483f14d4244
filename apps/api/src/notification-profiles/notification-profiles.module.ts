import { Global, Module } from '@nestjs/common';
import { secretBoxProvider } from '@vigil/infrastructure';
import { AviGenerationSettingsService } from './avi-generation-settings.service';
import { MailServerSettingsService } from './mail-server-settings.service';
import {
  AviGenerationSettingsController,
  MailServerSettingsController,
  NotificationProfilesController,
} from './notification-profiles.controller';
import { NotificationProfilesService } from './notification-profiles.service';
import { NotificationProfilesReadModel } from './notification-profiles-read-model';

/**
 * Notification profiles, the mail server and the AVI generation settings (FEATURES 4). Global so that the rules service can check the
 * profiles a rule names (and show their names) without a module cycle.
 */
@Global()
@Module({
  controllers: [NotificationProfilesController, MailServerSettingsController, AviGenerationSettingsController],
  providers: [
    secretBoxProvider,
    NotificationProfilesReadModel,
    NotificationProfilesService,
    MailServerSettingsService,
    AviGenerationSettingsService,
  ],
  exports: [NotificationProfilesReadModel],
})
export class NotificationProfilesModule {}

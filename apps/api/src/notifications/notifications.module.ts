import { Global, Module } from '@nestjs/common';
import { EmailDeliveryService } from './email-delivery.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

/** Global: any area raises a notification with one call, inside its own transaction. */
@Global()
@Module({
  controllers: [NotificationsController],
  providers: [NotificationsRepository, NotificationsService, EmailDeliveryService],
  exports: [NotificationsService, EmailDeliveryService],
})
export class NotificationsModule {}

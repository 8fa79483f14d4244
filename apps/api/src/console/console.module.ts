import { Module } from '@nestjs/common';
import { ConsoleController } from './console.controller';

/** The operator console page, served by the API (see README: "Operator console"). */
@Module({ controllers: [ConsoleController] })
export class ConsoleModule {}

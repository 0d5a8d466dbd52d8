import { Module } from '@nestjs/common';
import { CalendarResolver } from './calendar.resolver';

/** The calendar query at the GraphQL edge; needs the process's read-models module. */
@Module({ providers: [CalendarResolver] })
export class CalendarApiModule {}

import { Module } from '@nestjs/common';
import { AnalyticsResolver } from './analytics.resolver';

/** Analytics at the API edge, from the analytics projection. */
@Module({ providers: [AnalyticsResolver] })
export class AnalyticsApiModule {}

export * from './activity-types';

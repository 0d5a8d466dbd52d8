export * from './as-of/known-aggregates';
export * from './as-of/state-as-of';
export * from './export/subject-export';
export * from './erasure/personal-data-holder.port';
export * from './erasure/identity-erasure.port';
export * from './erasure/pipeline-identity-erasure';
export * from './erasure/projection-holders';
export * from './erasure/subject-eraser';

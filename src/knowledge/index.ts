export * from './avma.js';
export * from './codes.js';
export * from './client-error.js';

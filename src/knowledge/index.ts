export * from './avma.js';
export * from './codes.js';

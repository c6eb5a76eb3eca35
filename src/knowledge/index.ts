export * from './avma.js';
export * from './codes.js';
export * from './client-error.js';
export * from './socket-outcomes.js';
export * from './registry-values.js';
export { renderCodesMarkdown } from './codes-markdown.js';

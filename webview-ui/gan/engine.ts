/**
 * The offline engine's code as one chunk that `main.ts` imports on demand (TF.js core and layers,
 * the generator, the PNG encoder): the panel draws without it, and it loads while the page says
 * `ready`. The backends are chunks of their own, imported by the runner when picked.
 */
export { generateImages } from './generateImages';
export { warmUpPngEncoder } from './png';
export { GanRunner } from './runner';

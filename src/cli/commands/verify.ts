import { notImplementedCommand } from './not-implemented.js';

export const verifyCommand = notImplementedCommand('verify [image]', 'Run an image and check its hardening at run time');

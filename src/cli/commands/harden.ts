import { notImplementedCommand } from './not-implemented.js';

export const hardenCommand = notImplementedCommand('harden [image]', 'Write a hardened copy of an image');

import { notImplementedCommand } from './not-implemented.js';

export const fixCommand = notImplementedCommand('fix [dockerfiles..]', 'Fix Dockerfiles in place (safe fixes; --unsafe for the rest)');

import { notImplementedCommand } from './not-implemented.js';

export const rulesCommand = notImplementedCommand('rules', 'List every rule with its severity and description');

import { notImplementedCommand } from './not-implemented.js';

export const scanCommand = notImplementedCommand('scan [target]', 'Scan a built image: docker-archive, OCI archive or layout, rootfs folder, docker:<ref>');

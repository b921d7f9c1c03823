#!/usr/bin/env node
// The entry of dist/drydock.js: see boot.ts.
import { boot } from './boot.js';

boot('cli', __dirname);

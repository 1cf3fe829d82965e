#!/usr/bin/env node
// The `leaflet` command: a thin door to the built CLI.
import v8 from 'node:v8';

// A command runs for seconds, and V8 by default compiles hot functions to optimized code sooner than such a short run
// repays: in a build of 100 leaflets, its compiler threads took 2.9 s of CPU beside Chromium on two cores. Functions
// must run six times as long (an interrupt budget of 400,000 against 67,584) before they are optimized. Measured on
// Node 20 (V8 11), nine builds of 100 leaflets alternating: Node's CPU 7.5-9.1 s against 8.6-11.1 s, and the build's
// time 15.5-19.3 s against 17.0-21.3 s; emails and pages of 1,000 articles no slower. Other V8 versions, where the
// flag may differ, keep their defaults.
if (process.versions.v8.startsWith('11.')) v8.setFlagsFromString('--interrupt-budget=400000');

const { main } = await import('../dist/cli.js');
process.exitCode = await main(process.argv.slice(2));

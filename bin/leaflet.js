#!/usr/bin/env node
// The `leaflet` command: a thin door to the built CLI.
import v8 from 'node:v8';
import { main } from '../dist/cli.js';

// A build of thousands of articles makes garbage faster than V8's default heap growth collects it: left alone, the
// heap grows to several times what is alive (measured: 10,000 articles, email and web, peaked at 1,064 MB with about
// 200 MB alive). Growing the heap by a fifth at a time keeps the peak near what is alive (596 MB; 1,000 articles:
// 274 MB instead of 404-428 MB) for about a tenth more time. It applies to this process and its worker threads only.
v8.setFlagsFromString('--heap-growing-percent=20');

process.exitCode = await main(process.argv.slice(2));

#!/usr/bin/env node
// The `leaflet` command: a thin door to the built CLI.
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2));

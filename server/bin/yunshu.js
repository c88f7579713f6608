#!/usr/bin/env node
// Runs the TypeScript CLI directly: Node 24 (pinned by the project) strips types natively.
await import('../src/cli/yunshu.ts');

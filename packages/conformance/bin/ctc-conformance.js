#!/usr/bin/env node
// Launcher kept in the repository (not in dist/) so that npm links the `ctc-conformance` bin at
// install time, before the first build. The CLI itself is compiled to dist/cli/main.js.
import '../dist/cli/main.js';

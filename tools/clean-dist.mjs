// Removes the calling package's dist/ before its build, so a build never ships files left over from
// an earlier layout (npm pack takes whatever dist/ holds). Run from a package folder.
import { rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });

// Builds the Next.js app when no current build exists (used by `npm test` before the browser tests).
import { ensureBuild } from '../server/build';

ensureBuild(process.cwd());

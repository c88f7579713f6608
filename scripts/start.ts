/** `npm start`: build the console if needed, then run the server (demo district on PGlite by default). */
import { ensureWebBuilt } from './build-web.ts';

ensureWebBuilt();
await import('../server/src/main.ts');

// The V8 flags each app runs with, from node-flags.json (one list, also read by the benchmarks, so that a benchmark
// of an app's code runs with the app's flags). Why the rule engine has a larger young generation: it allocates a
// firing, its actions and their job ids for every matching event, short-lived objects that the default 16 MB
// semi-space promotes to the old generation under load; 32 MB keeps them young (`npm run bench -- rules`: eps_10000
// about 1.7 times higher, measured in the same conditions).
import { readFileSync } from 'node:fs';

const FLAGS = JSON.parse(readFileSync(new URL('./node-flags.json', import.meta.url), 'utf8'));

/** The node flags of an app (`api`, `rule-engine`, `recorder-worker`, …); none for an app not listed. */
export const nodeFlagsOf = (app) => FLAGS[app] ?? [];

import { runLinkBenchmarks } from './links.bench.js';

await runLinkBenchmarks();

import { cpus } from 'node:os';

import { extractLinks } from '../src/links/index.js';
import { readCorpus, toCorpusTokens } from '../test/links/corpus-file.js';
import { extractWithCnLinks } from './cn-links-baseline.js';
import { makeChatLines, makeHostileMessages } from './link-inputs.js';

const WARMUP_MS = 300;
const MEASURE_MS = 1500;
const CHAT_LINE_COUNT = 400;
const HOSTILE_MESSAGE_COUNT = 1000;
const HOSTILE_LENGTH = 4000;
const GROWTH_LENGTHS = [1000, 2000, 4000, 8000, 16000] as const;
const GROWTH_MESSAGES_PER_LENGTH = 200;
const HOSTILE_RUNS_PER_MESSAGE = 3;

/** Keeps results observable so that the JIT cannot drop the measured calls. */
let sink = 0;

function elapsedMs(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e6;
}

function runFor(extract: (text: string) => string, inputs: readonly string[], durationMs: number): number {
  const start = process.hrtime.bigint();
  let messages = 0;
  do {
    for (const input of inputs) {
      sink += extract(input).length;
    }
    messages += inputs.length;
  } while (elapsedMs(start) < durationMs);
  return messages / (elapsedMs(start) / 1000);
}

/** Measures messages per second after a warm-up run. */
function measureThroughput(extract: (text: string) => string, inputs: readonly string[]): number {
  runFor(extract, inputs, WARMUP_MS);
  return runFor(extract, inputs, MEASURE_MS);
}

function catchErrors(extract: (text: string) => string): (text: string) => string {
  return (text) => {
    try {
      return extract(text);
    } catch {
      return 'threw';
    }
  };
}

function ourTokens(text: string): string {
  return toCorpusTokens(extractLinks(text));
}

function formatRate(perSecond: number): string {
  return `${Math.round(perSecond).toLocaleString('en-US')} messages/s`;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Times one call in microseconds, best of several runs, so that a GC pause does not count as parsing time. */
function timeOneMessage(text: string, runs: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < runs; run++) {
    const start = process.hrtime.bigint();
    sink += extractLinks(text).length;
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e3);
  }
  return best;
}

function reportAccuracy(): void {
  const corpus = readCorpus();
  let ourCorrect = 0;
  let theirCorrect = 0;
  let theirThrows = 0;
  for (const line of corpus) {
    if (ourTokens(line.input) === line.expected) {
      ourCorrect++;
    }
    let theirs: string;
    try {
      theirs = extractWithCnLinks(line.input);
    } catch {
      theirThrows++;
      continue;
    }
    if (theirs === line.expected) {
      theirCorrect++;
    }
  }
  console.log(`accuracy, our extractor: ${ourCorrect}/${corpus.length} corpus lines exactly right`);
  console.log(
    `accuracy, cn-links: ${theirCorrect}/${corpus.length} corpus lines exactly right ` +
      `(threw on ${theirThrows} lines, counted as wrong)`,
  );
}

function reportCorpusThroughput(): void {
  const inputs = readCorpus().map((line) => line.input);
  const ours = measureThroughput(ourTokens, inputs);
  const theirs = measureThroughput(catchErrors(extractWithCnLinks), inputs);
  console.log(`corpus throughput, our extractor: ${formatRate(ours)}`);
  console.log(`corpus throughput, cn-links: ${formatRate(theirs)}`);
  console.log(`corpus throughput ratio (ours / cn-links): ${(ours / theirs).toFixed(1)}x`);
}

function reportChatThroughput(): void {
  const lines = makeChatLines(CHAT_LINE_COUNT);
  const withLinks = lines.filter((line) => extractLinks(line).length > 0);
  if (withLinks.length > 0) {
    throw new Error(`The link-free chat lines must give no links, but these do: ${JSON.stringify(withLinks)}`);
  }
  const rate = measureThroughput((text) => (extractLinks(text).length === 0 ? '' : 'x'), lines);
  console.log(`link-free chat throughput (${lines.length} lines): ${formatRate(rate)}`);
}

function reportHostileTimes(): void {
  const messages = makeHostileMessages(HOSTILE_MESSAGE_COUNT, HOSTILE_LENGTH);
  for (const message of messages) {
    sink += extractLinks(message).length;
  }
  const times = messages.map((message) => timeOneMessage(message, HOSTILE_RUNS_PER_MESSAGE));
  console.log(
    `hostile ${HOSTILE_LENGTH}-char messages (${messages.length}, best of ${HOSTILE_RUNS_PER_MESSAGE} runs each): ` +
      `slowest ${Math.max(...times).toFixed(1)} µs, median ${median(times).toFixed(1)} µs`,
  );

  for (const length of GROWTH_LENGTHS) {
    const sample = makeHostileMessages(GROWTH_MESSAGES_PER_LENGTH, length, length);
    for (const message of sample) {
      sink += extractLinks(message).length;
    }
    const start = process.hrtime.bigint();
    for (const message of sample) {
      sink += extractLinks(message).length;
    }
    const meanMicros = (elapsedMs(start) * 1000) / sample.length;
    console.log(
      `hostile messages of ${length} chars: mean ${meanMicros.toFixed(1)} µs per message, ` +
        `${((meanMicros * 1000) / length).toFixed(1)} ns per char`,
    );
  }
}

/** Prints throughput, worst-case latency and accuracy of the link extractor, with cn-links as the baseline. */
export async function runLinkBenchmarks(): Promise<void> {
  console.log(`CPU: ${cpus()[0]?.model ?? 'unknown'} (${cpus().length} logical cores)`);
  console.log(`Node.js: ${process.version}`);
  console.log('== link extractor ==');
  reportAccuracy();
  reportCorpusThroughput();
  reportChatThroughput();
  reportHostileTimes();
  // Printing the sink keeps the measured results alive; the value itself means nothing.
  console.log(`(checksum ${sink % 1000})`);
}

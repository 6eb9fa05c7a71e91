// Run write-good over many files in one Node process, for bench/speed.py.
//
//   node bench/writegood/run.mjs LIST_FILE [--repeats N] [--warmup K]
//
// As bench/alex/run.mjs: LIST_FILE holds one path per line. write-good is
// imported once; K files are linted first as a warm-up (JIT), then every file
// is read from disk and linted (the whole file as plain text, as write-good's
// own CLI does; it has no Markdown mode), N times. Prints one JSON line: import
// and warm-up times, each timed pass in ms, files, bytes and the number of
// suggestions of the last pass.
import fs from 'node:fs'
import {performance} from 'node:perf_hooks'

const args = process.argv.slice(2)
if (args.length === 0 || args.includes('--help') || args.includes('-h')) {
  console.log('usage: node run.mjs LIST_FILE [--repeats N] [--warmup K]')
  process.exit(args.length === 0 ? 2 : 0)
}
const opt = (name, def) => {
  const i = args.indexOf(name)
  return i >= 0 ? Number(args[i + 1]) : def
}
const repeats = opt('--repeats', 1)
const warmup = opt('--warmup', 20)
const files = fs.readFileSync(args[0], 'utf8').split('\n').filter(Boolean)

const t0 = performance.now()
const writeGood = (await import('write-good')).default
const importMs = performance.now() - t0
const version = JSON.parse(fs.readFileSync(new URL('./node_modules/write-good/package.json', import.meta.url), 'utf8')).version

const t1 = performance.now()
for (const f of files.slice(0, warmup)) writeGood(fs.readFileSync(f, 'utf8'))
const warmupMs = performance.now() - t1

const timedMs = []
let messages = 0
let bytes = 0
for (let r = 0; r < repeats; r++) {
  messages = 0
  bytes = 0
  const t = performance.now()
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8')
    bytes += Buffer.byteLength(text)
    messages += writeGood(text).length
  }
  timedMs.push(performance.now() - t)
}
console.log(JSON.stringify({writeGood: version, node: process.version, files: files.length, bytes, importMs, warmupMs, warmupFiles: Math.min(warmup, files.length), timedMs, messages}))

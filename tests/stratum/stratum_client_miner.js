// A small real miner for the reference pool's long-running test
// (refpool_miner_test.cc): the npm package stratum-client speaks Stratum V1
// (subscribe, authorize, set_difficulty, notify, submit); this script hashes
// the work it receives (double SHA-256 of the block header, as a Bitcoin
// miner does) and submits shares that meet the pool's target, at most one a
// second so it stays light on a shared machine. Like cpuminer 2.5.1 it stops
// hashing when 120 s pass without a new job. Prints one JSON object per
// line on stdout: job, submit, accepted, rejected, stale-work-stop, end.
// Usage: node stratum_client_miner.js HOST PORT SECONDS (NODE_PATH must
// reach the stratum-client package).
'use strict';
const crypto = require('crypto');
const stratum = require('stratum-client');

const [host, port, seconds] = process.argv.slice(2);
const kStaleWorkMs = 120000;  // cpuminer's limit after its last job
const kNoncesPerTick = 200000;  // bounded work per second
const worker = 'miner.rig1';
const t0 = Date.now();

let work = null;  // the newest job
let workAt = 0;
let extraNonce1 = '';
let extraNonce2Size = 4;
let target = 0n;
let en2 = 0;
let stopped = false;
const inFlight = [];  // job ids of submits, answered in order (one id for all)

function out(o) {
  o.t = Date.now() - t0;
  process.stdout.write(JSON.stringify(o) + '\n');
}

function sha256d(b) {
  return crypto.createHash('sha256').update(crypto.createHash('sha256').update(b).digest()).digest();
}

// 8 hex digits of a big-endian uint32, as the header stores it (little-endian).
function le32(hex) {
  return Buffer.from(hex, 'hex').reverse();
}

// The target of difficulty d: the difficulty-1 target over d, a little
// stricter so rounding never submits a share the pool finds too weak.
function targetOf(d) {
  const diff1 = 0xffffn << 208n;
  const scale = 1000000000000n;
  return (diff1 * scale) / BigInt(Math.max(1, Math.round(d * 1e12))) * 999n / 1000n;
}

function mine() {
  if (!work || stopped) return;
  if (Date.now() - workAt > kStaleWorkMs) {
    stopped = true;
    out({event: 'stale-work-stop'});
    return;
  }
  const job = work;
  const extraNonce2 = (en2++).toString(16).padStart(extraNonce2Size * 2, '0');
  let root = sha256d(Buffer.from(job.coinb1 + extraNonce1 + extraNonce2 + job.coinb2, 'hex'));
  for (const step of job.merkle_branch) root = sha256d(Buffer.concat([root, Buffer.from(step, 'hex')]));
  const prev = Buffer.from(job.prevhash, 'hex');
  const swapped = Buffer.alloc(32);
  for (let w = 0; w < 32; w += 4)
    for (let i = 0; i < 4; ++i) swapped[w + i] = prev[w + 3 - i];
  const head = Buffer.concat([le32(job.version), swapped, root, le32(job.ntime), le32(job.nbits),
                              Buffer.alloc(4)]);
  for (let nonce = 0; nonce < kNoncesPerTick; ++nonce) {
    head.writeUInt32LE(nonce, 76);
    const hash = sha256d(head);
    const value = BigInt('0x' + Buffer.from(hash).reverse().toString('hex'));
    if (value <= target) {
      const nonceHex = nonce.toString(16).padStart(8, '0');
      inFlight.push(job.jobId);
      out({event: 'submit', job: job.jobId});
      client.submit({worker_name: worker, job_id: job.jobId, extranonce2: extraNonce2,
                     ntime: job.ntime, nonce: nonceHex});
      return;
    }
  }
}

const client = stratum({
  server: host,
  port: Number(port),
  worker,
  password: 'x',
  autoReconnectOnError: false,
  onSubscribe: (s) => {
    extraNonce1 = s.extraNonce1;
    extraNonce2Size = s.extraNonce2Size;
  },
  onAuthorizeSuccess: () => out({event: 'authorized'}),
  onAuthorizeFail: (error) => out({event: 'authorize-failed', error}),
  onNewDifficulty: (d) => {
    target = targetOf(d);
    out({event: 'difficulty', difficulty: d});
  },
  onNewMiningWork: (w) => {
    work = w;
    workAt = Date.now();
    out({event: 'job', id: w.jobId, ntime: w.ntime, clean: w.clean_jobs});
  },
  onSubmitWorkSuccess: () => out({event: 'accepted', job: inFlight.shift()}),
  onSubmitWorkFail: (error) => out({event: 'rejected', job: inFlight.shift(), error}),
  onError: (e) => out({event: 'error', error: String(e && e.message)}),
  onClose: () => out({event: 'close'}),
});

const ticker = setInterval(mine, 1000);
setTimeout(() => {
  clearInterval(ticker);
  out({event: 'end'});
  client.shutdown();
  process.exit(0);
}, Number(seconds) * 1000);

#!/usr/bin/env node
// Runs Kaltura's official Node.js client (npm "kaltura-client") against a
// kaltura-devserver it starts itself: session, chunked upload of a real mp4,
// media entry, processing to READY, flavors, download and a multirequest.
// Exit code 77 (skipped) when the client is not installed (npm ci).
'use strict';

const assert = require('assert');
const childProcess = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const readline = require('readline');

let kaltura;
try {
  kaltura = require('kaltura-client');
} catch (error) {
  console.log('kaltura-client is not installed (run npm ci in tests/node): skipped');
  process.exit(77);
}

const ADMIN_SECRET = 'node-interop-admin-secret';
const PARTNER_ID = 100;

function startDevserver(dataDir) {
  const binary = process.env.KALTURA_DEVSERVER;
  if (!binary) throw new Error('KALTURA_DEVSERVER is not set: run through meson test');
  const server = childProcess.spawn(binary, ['--port', '0', '--data-dir', dataDir, '--partner-id', String(PARTNER_ID),
    '--admin-secret', ADMIN_SECRET, '--user-secret', 'node-interop-user-secret', '--processing-delay-ms', '20'],
  { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: server.stdout });
    lines.once('line', (url) => resolve({ server, url, lines }));
    server.once('exit', (code) => reject(new Error(`kaltura-devserver exited early (${code})`)));
  });
}

// About 3 s of H.264 video in MP4, made with GStreamer.
function makeMp4(file) {
  childProcess.execFileSync('gst-launch-1.0', ['-q', 'videotestsrc', 'num-buffers=90', '!',
    'video/x-raw,width=320,height=240,framerate=30/1', '!', 'x264enc', '!', 'mp4mux', '!',
    'filesink', `location=${file}`], { stdio: 'inherit' });
  return fs.readFileSync(file);
}

const sha256 = (data) => crypto.createHash('sha256').update(data).digest('hex');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function download(url) {
  const response = await fetch(url);
  assert.strictEqual(response.status, 200, `GET ${url}`);
  return Buffer.from(await response.arrayBuffer());
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaltura-node-interop-'));
  const { server, url, lines } = await startDevserver(dataDir);
  const log = [];
  lines.on('line', (line) => log.push(line));
  try {
    const config = new kaltura.Configuration();
    config.serviceUrl = url;
    config.setLogger(null);  // the client would print every request, KS included
    const client = new kaltura.Client(config);

    const ks = await kaltura.services.session.start(ADMIN_SECRET, 'node-user', kaltura.enums.SessionType.ADMIN,
      PARTNER_ID).execute(client);
    assert.strictEqual(typeof ks, 'string');
    client.setKs(ks);

    const video = makeMp4(path.join(dataDir, 'clip.mp4'));
    const token = await kaltura.services.uploadToken.add(new kaltura.objects.UploadToken({ fileName: 'clip.mp4' }))
      .execute(client);
    assert.strictEqual(token.status, 0);

    // Two chunks from memory buffers: resume=false first, then resume at the offset, final.
    const half = Math.floor(video.length / 2);
    const first = await kaltura.services.uploadToken.upload(token.id, video.subarray(0, half), false, false, 0)
      .execute(client);
    assert.strictEqual(first.status, 1);
    assert.strictEqual(Number(first.uploadedFileSize), half);
    const last = await kaltura.services.uploadToken.upload(token.id, video.subarray(half), true, true, half)
      .execute(client);
    assert.strictEqual(last.status, 2);
    assert.strictEqual(Number(last.uploadedFileSize), video.length);

    const entry = await kaltura.services.media.add(new kaltura.objects.MediaEntry({
      name: 'node interop', mediaType: kaltura.enums.MediaType.VIDEO })).execute(client);
    await kaltura.services.media.addContent(entry.id, new kaltura.objects.UploadedFileTokenResource({ token: token.id }))
      .execute(client);

    let ready = null;
    for (let i = 0; i < 300 && !ready; i++) {
      const current = await kaltura.services.media.get(entry.id).execute(client);
      assert.notStrictEqual(current.status, -1, 'the entry failed processing');
      if (current.status === 2) ready = current;
      else await sleep(100);
    }
    assert.ok(ready, 'the entry did not become READY within 30 s');
    assert.ok(ready.duration >= 2, `duration ${ready.duration}`);

    const flavors = await kaltura.services.flavorAsset.listAction(new kaltura.objects.FlavorAssetFilter({
      entryIdEqual: entry.id })).execute(client);
    const source = flavors.objects.find((flavor) => flavor.isOriginal);
    assert.ok(source, 'no source flavor');
    assert.strictEqual(source.status, 2);
    assert.strictEqual(Number(source.sizeInBytes), video.length);
    const sourceUrl = await kaltura.services.flavorAsset.getUrl(source.id).execute(client);
    assert.strictEqual(sha256(await download(sourceUrl)), sha256(video));

    // A multirequest with a file part and references to earlier results.
    const small = video.subarray(0, 1000);
    const batch = new kaltura.MultiRequestBuilder();
    batch.add(kaltura.services.uploadToken.add(new kaltura.objects.UploadToken({ fileName: 'part.bin' })));
    batch.add(kaltura.services.uploadToken.upload('{1:result:id}', small, false, true, -1));
    batch.add(kaltura.services.uploadToken.get('{1:result:id}'));
    batch.add(kaltura.services.media.get('0_nosuch00'));
    const results = await batch.execute(client);
    assert.strictEqual(results.length, 4);
    assert.strictEqual(results[1].id, results[0].id);
    assert.strictEqual(Number(results[2].uploadedFileSize), small.length);
    assert.strictEqual(results[2].status, 2);
    assert.strictEqual(results[3].code, 'ENTRY_ID_NOT_FOUND');

    // Errors reach the client with Kaltura's code.
    await assert.rejects(kaltura.services.media.get('0_nosuch00').execute(client),
      (error) => error.code === 'ENTRY_ID_NOT_FOUND');

    assert.ok(!log.join('\n').includes(ks), 'the KS appears in the request log');
    console.log(`ok: entry ${entry.id} READY, source flavor ${source.sizeInBytes} bytes, sha256 ${sha256(video)}`);
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

#!/usr/bin/env node
// standin.js — a stand-in for BPJS's bridging API (VClaim) on loopback, for
// tests/integration/test_vclaim.sh. It speaks the protocol of operations.md
// ("Network") and checks every request the way BPJS does:
//
//   GET {--prefix}/Peserta/nik/{16 digits}/tglSEP/{today in --tz}
//   X-cons-id    = --cons-id
//   X-timestamp  = UTC seconds, within 300 s of the stand-in's clock
//   X-signature  = base64(HMAC-SHA256(key = secret, msg = cons_id&timestamp))
//   user_key     = the user key
//
// A request that fails any check is counted as bad and answered like BPJS
// does, HTTP 200 with metaData code 401. A good one is answered from the
// fixture (NIK -> peserta object): response = base64(AES-256-CBC(key =
// SHA-256(cons_id + secret + timestamp), IV = its first 16 bytes)) over the
// reference lz-string compressToEncodedURIComponent of {"peserta": ...};
// an unknown NIK gets metaData 201 "Peserta tidak ditemukan". A fixture
// entry {"__fault": F} answers wrongly on purpose: http500, not-json,
// garbage-base64, bad-key, bad-lz, missing-field, other-nik, refuse, hang.
//
// GET /__stats answers {"requests": N, "bad": M, "reasons": [...]}, the
// protocol requests seen and how many of them were badly signed (it is not
// counted itself).
//
// usage: node standin.js --fixture F --port-file P --cons-id C
//            --secret-file S --user-key-file K [--tz Asia/Jakarta]
//            [--prefix /vclaim-rest] [--tls-cert C --tls-key K]
// Listens on 127.0.0.1, port 0 (the kernel's choice), written to the port
// file once listening (written under another name, then renamed).
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const https = require('https');
const path = require('path');
const LZString = require(path.join(__dirname, 'node_modules', 'lz-string'));

const opt = {};
for (let i = 2; i < process.argv.length; i += 2) {
	const k = process.argv[i];
	if (!k.startsWith('--') || i + 1 >= process.argv.length) {
		process.stderr.write('standin: bad argument ' + k + '\n');
		process.exit(64);
	}
	opt[k.slice(2)] = process.argv[i + 1];
}
for (const k of ['fixture', 'port-file', 'cons-id', 'secret-file', 'user-key-file'])
	if (!opt[k]) {
		process.stderr.write('standin: --' + k + ' is required\n');
		process.exit(64);
	}
const firstLine = (f) => fs.readFileSync(f, 'utf8').split(/\r?\n/)[0].trim();
const fixture = JSON.parse(fs.readFileSync(opt.fixture, 'utf8'));
const consId = opt['cons-id'];
const secret = firstLine(opt['secret-file']);
const userKey = firstLine(opt['user-key-file']);
const tz = opt.tz || 'Asia/Jakarta';
const prefix = opt.prefix || '';	// the base URL's path, e.g. /vclaim-rest

const stats = { requests: 0, bad: 0, reasons: [] };

function today() {
	// en-CA formats as yyyy-mm-dd
	return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric',
		month: '2-digit', day: '2-digit' }).format(new Date());
}

function sameText(a, b) {
	const x = Buffer.from(String(a)), y = Buffer.from(String(b));
	return x.length === y.length && crypto.timingSafeEqual(x, y);
}

function encrypt(text, ts, key) {
	key = key || crypto.createHash('sha256').update(consId + secret + ts).digest();
	const c = crypto.createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
	return Buffer.concat([c.update(text, 'utf8'), c.final()]).toString('base64');
}

// The answer encrypted with another key, as rekon must refuse it: one the
// right key cannot decrypt. A wrong key yields valid PKCS#7 padding by chance
// about once in 256 (the key changes with every timestamp), and then rekon
// would rightly report what follows instead; so the text is padded with
// spaces until the right key's padding check fails.
function encryptBadKey(text, ts) {
	const other = crypto.createHash('sha256').update('another key').digest();
	const right = crypto.createHash('sha256').update(consId + secret + ts).digest();
	for (let pad = ''; ; pad += ' ') {
		const b64 = encrypt(text + pad, ts, other);
		try {
			const d = crypto.createDecipheriv('aes-256-cbc', right, right.subarray(0, 16));
			Buffer.concat([d.update(Buffer.from(b64, 'base64')), d.final()]);
		} catch (e) {
			return b64;
		}
	}
}

function send(res, status, obj) {
	const body = typeof obj === 'string' ? obj : JSON.stringify(obj);
	res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': Buffer.byteLength(body) });
	res.end(body);
}

function meta(code, message, response) {
	return { metaData: { code: String(code), message }, response: response === undefined ? null : response };
}

function handle(req, res) {
	if (req.method === 'GET' && req.url === '/__stats')
		return send(res, 200, stats);
	stats.requests++;
	const url = req.url.startsWith(prefix + '/') ? req.url.slice(prefix.length) : '';
	const m = /^\/Peserta\/nik\/([^/]+)\/tglSEP\/([^/]+)$/.exec(url);
	const why = [];
	if (req.method !== 'GET')
		why.push('method ' + req.method);
	if (!m)
		why.push('path');
	const ts = req.headers['x-timestamp'];
	if (!sameText(req.headers['x-cons-id'] || '', consId))
		why.push('X-cons-id');
	if (!/^[0-9]{1,12}$/.test(ts || '') ||
	    Math.abs(Math.floor(Date.now() / 1000) - Number(ts)) > 300)
		why.push('X-timestamp');
	const want = crypto.createHmac('sha256', secret).update(consId + '&' + ts).digest('base64');
	if (!sameText(req.headers['x-signature'] || '', want))
		why.push('X-signature');
	if (!sameText(req.headers.user_key || '', userKey))
		why.push('user_key');
	if (m && !/^[0-9]{16}$/.test(m[1]))
		why.push('NIK');
	if (m && m[2] !== today())
		why.push('tglSEP ' + m[2] + ' is not today (' + today() + ')');
	if (why.length > 0) {
		stats.bad++;
		stats.reasons.push(why.join(', '));
		if (!m)
			return send(res, 404, meta(404, 'Not Found'));
		return send(res, 200, meta(401, 'Authentication failed: ' + why.join(', ')));
	}
	const nik = m[1];
	const p = fixture[nik];
	if (p === undefined)
		return send(res, 200, meta(201, 'Peserta tidak ditemukan'));
	const lz = (obj) => LZString.compressToEncodedURIComponent(JSON.stringify(obj));
	switch (p.__fault) {
	case undefined:
		return send(res, 200, meta(200, 'OK', encrypt(lz({ peserta: p }), ts)));
	case 'http500':
		return send(res, 500, 'Internal Server Error');
	case 'not-json':
		return send(res, 200, '<html><body>Gateway error</body></html>');
	case 'garbage-base64':
		return send(res, 200, meta(200, 'OK', 'this is *not* base64!'));
	case 'bad-key':
		return send(res, 200, meta(200, 'OK', encryptBadKey(lz({ peserta: p }), ts)));
	case 'bad-lz':
		return send(res, 200, meta(200, 'OK', encrypt('{"peserta": "plain JSON, not LZ-string"}', ts)));
	case 'missing-field': {
		const q = Object.assign({}, p.peserta);
		delete q.statusPeserta;
		return send(res, 200, meta(200, 'OK', encrypt(lz({ peserta: q }), ts)));
	}
	case 'other-nik':
		return send(res, 200, meta(200, 'OK', encrypt(lz({ peserta: p.peserta }), ts)));
	case 'refuse':	// a refusal whose message echoes the NIK
		return send(res, 200, meta(203, 'Akses untuk NIK ' + nik + ' ditolak'));
	case 'hang':
		return;	// never answers: the client's timeout
	default:
		return send(res, 500, 'unknown fault ' + p.__fault);
	}
}

const server = opt['tls-cert']
	? https.createServer({ cert: fs.readFileSync(opt['tls-cert']), key: fs.readFileSync(opt['tls-key']) }, handle)
	: http.createServer(handle);
server.listen(0, '127.0.0.1', () => {
	const tmp = opt['port-file'] + '.tmp';
	fs.writeFileSync(tmp, String(server.address().port) + '\n');
	fs.renameSync(tmp, opt['port-file']);
});
const stop = () => { server.close(); process.exit(0); };
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

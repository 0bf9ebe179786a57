#!/usr/bin/env node
// make_lz_vectors.js OUT — test vectors for the C LZ-string decoder
// (jobs/lzstring.c), made with the reference npm package (lz-string 1.5.0,
// pinned in package-lock.json). The output is committed as
// tests/fixtures/lzstring_vectors.txt; tests/unit/test_lzstring.c reads it.
//
// One vector a line, TAB-separated:
//   ok  NAME  HEX  COMPRESSED    HEX is the UTF-8 of the original text
//   okh NAME  LEN:SHA256  COMPRESSED   for texts over 1024 bytes: the
//                                length and SHA-256 of their UTF-8
//   err NAME  ERR  COMPRESSED    ERR the lz_err name the decoder must give
// Lines starting with # are comments. Random strings come from a fixed
// seed (mulberry32), so running this again gives the same file.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const LZString = require(path.join(__dirname, 'node_modules', 'lz-string'));

const out = process.argv[2];
if (!out) {
	process.stderr.write('usage: node make_lz_vectors.js OUT\n');
	process.exit(64);
}

function mulberry32(a) {
	return function () {
		a |= 0; a = (a + 0x6D2B79F5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
const rnd = mulberry32(20261122);
const int = (n) => Math.floor(rnd() * n);

// One random code point from a mix of ranges; never a lone surrogate.
function randomChar() {
	switch (int(6)) {
	case 0: case 1: return String.fromCharCode(0x20 + int(0x5f));	// ASCII
	case 2: return String.fromCharCode(int(0x80));			// controls too
	case 3: return String.fromCharCode(0xa0 + int(0x700));		// Latin, Greek, ...
	case 4: {
		let c;
		do { c = 0x800 + int(0x10000 - 0x800); } while (c >= 0xd800 && c <= 0xdfff);
		return String.fromCharCode(c);
	}
	default: return String.fromCodePoint(0x10000 + int(0x100000));	// astral
	}
}
function randomString(n, alphabet) {
	let s = '';
	for (let i = 0; i < n; i++)
		s += alphabet ? alphabet[int(alphabet.length)] : randomChar();
	return s;
}

const vectors = [];
function ok(name, text) {
	const c = LZString.compressToEncodedURIComponent(text);
	if (LZString.decompressFromEncodedURIComponent(c) !== text)
		throw new Error('reference round trip failed: ' + name);
	const u = Buffer.from(text, 'utf8');
	if (u.length <= 1024)
		vectors.push(['ok', name, u.toString('hex'), c]);
	else	// long texts: their length and SHA-256, to keep the file small
		vectors.push(['okh', name, u.length + ':' +
		    crypto.createHash('sha256').update(u).digest('hex'), c]);
}
// A hand-made compressed text, with what the reference decodes it to.
function okRaw(name, compressed) {
	const text = LZString.decompressFromEncodedURIComponent(compressed);
	if (typeof text !== 'string' || text === '')
		throw new Error('the reference refuses ' + name);
	vectors.push(['ok', name, Buffer.from(text, 'utf8').toString('hex'), compressed]);
}
function err(name, e, compressed) {
	vectors.push(['err', name, e, compressed]);
}

ok('empty', '');
ok('one-char', 'a');
ok('ascii', 'Hello, world!');
ok('nik', '3325010101900001');
ok('names-id', 'SITI NUR\u2019AINI; MUH. ALI; I GUSTI AYU PUTU; ÉNDANG SÚSILOWATI; Nyoman Śānti');
ok('json-peserta', JSON.stringify({ peserta: {
	noKartu: '0001234567890', nik: '3325014101900002', nama: 'SITI NURʼAINI',
	sex: 'P', tglLahir: '1990-01-01',
	statusPeserta: { kode: '0', keterangan: 'AKTIF' },
	jenisPeserta: { kode: '22', keterangan: 'PBPU PEMDA' },
	provUmum: { kdProvider: '0101G001', nmProvider: 'PUSKESMAS BATANG I' } } }));
ok('nul-and-controls', 'a\u0000b\u0001\t\n\r\u007f');
ok('bmp', '\u4e2d\u6587 \u0627\u0644\u0639\u0631\u0628\u064a\u0629 \uffff\ufffd');
ok('emoji', 'sehat \ud83d\ude00 \ud83c\uddee\ud83c\udde9 \ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67 \u{1F3E5}');
ok('astral-max', '\u{10FFFF}\u{10000}\u{1D11E}');
ok('repetitive', 'ABABABABAB'.repeat(5000));
ok('repetitive-words', 'pasien peserta PBPU PEMDA aktif; '.repeat(3000));
ok('one-letter-long', 'a'.repeat(70000));
ok('all-bytes', Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join(''));
for (let i = 0; i < 40; i++)
	ok('random-' + i, randomString(int(400)));
for (let i = 0; i < 20; i++)
	ok('random-small-alphabet-' + i, randomString(int(3000), 'ab c'));
for (let i = 0; i < 3; i++)
	ok('random-long-' + i, randomString(3000 + int(3000)));

// What the decoder must refuse.
err('empty-input', 'LZ_ERR_EMPTY', '');
err('lone-high-surrogate', 'LZ_ERR_SURROGATE',
	LZString.compressToEncodedURIComponent('ab\ud800cd'));
err('lone-low-surrogate', 'LZ_ERR_SURROGATE',
	LZString.compressToEncodedURIComponent('\udc00'));
err('reversed-pair', 'LZ_ERR_SURROGATE',
	LZString.compressToEncodedURIComponent('x\ude00\ud83dy'));
err('high-at-end', 'LZ_ERR_SURROGATE',
	LZString.compressToEncodedURIComponent('abc\ud83d'));
const json = LZString.compressToEncodedURIComponent('{"peserta":{"nik":"3325010101900001"}}');
err('truncated-half', 'LZ_ERR_TRUNCATED', json.slice(0, json.length >> 1));
err('truncated-last', 'LZ_ERR_TRUNCATED', json.slice(0, json.length - 2));
err('bad-char-equals', 'LZ_ERR_CHAR', json + '==');
err('bad-char-slash', 'LZ_ERR_CHAR', json.slice(0, 5) + '/' + json.slice(6));
err('bad-char-dollar', 'LZ_ERR_CHAR', '$' + json);
err('bad-char-utf8', 'LZ_ERR_CHAR', 'N\u00e9A');
err('trailing', 'LZ_ERR_TRAILING', json + 'AAAA');
err('first-code-3', 'LZ_ERR_CODE', 'w');	// 110000: the first code is 3
// Hand-made streams: [value, bits] codes, each written least significant
// bit first, six bits a character from its most significant bit, as the
// reference compressor writes them.
function pack(codes) {
	const keys = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-';
	const bits = [];
	for (const [v, n] of codes)
		for (let i = 0; i < n; i++)
			bits.push((v >> i) & 1);
	while (bits.length % 6)
		bits.push(0);
	let s = '';
	for (let i = 0; i < bits.length; i += 6) {
		let x = 0;
		for (let j = 0; j < 6; j++)
			x = (x << 1) | bits[i + j];
		s += keys[x];
	}
	return s;
}
// The packer agrees with the compressor: 'a', then end.
if (pack([[0, 2], [0x61, 8], [2, 3]]) !== LZString.compressToEncodedURIComponent('a'))
	throw new Error('pack() disagrees with the reference');
okRaw('hand-made-a', pack([[0, 2], [0x61, 8], [2, 3]]));
// First literal 'a' (dictionary: 4 entries), then code 5 (3 bits): neither
// an entry nor the next one (4).
err('code-too-far', 'LZ_ERR_CODE', pack([[0, 2], [0x61, 8], [5, 3], [2, 3]]));
// Code 4 is the next entry: w + w[0] = "aa", then end: valid.
okRaw('code-next-entry', pack([[0, 2], [0x61, 8], [4, 3], [2, 3]]));
// 24 bits: the end code fills the fourth character exactly, so the
// compressor writes one whole padding character; the decoder takes the
// text with it and without it, and refuses a second one. (A 16-bit
// literal for 'a' is legal, though the compressor would use 8 bits.)
okRaw('end-on-boundary', pack([[1, 2], [0x61, 16], [3, 3], [2, 3]]));
okRaw('end-on-boundary-padded', pack([[1, 2], [0x61, 16], [3, 3], [2, 3]]) + 'A');
err('end-on-boundary-two-pads', 'LZ_ERR_TRAILING', pack([[1, 2], [0x61, 16], [3, 3], [2, 3]]) + 'AA');
err('end-mid-char-padded', 'LZ_ERR_TRAILING', pack([[0, 2], [0x61, 8], [2, 3]]) + 'A');
// A 16-bit literal that is a high surrogate, then the end.
err('lone-surrogate-16bit', 'LZ_ERR_SURROGATE', pack([[1, 2], [0xd83d, 16], [2, 3]]));
// No end code at all.
err('no-end-code', 'LZ_ERR_TRUNCATED', pack([[0, 2], [0x61, 8]]));

const lines = ['# LZ-string test vectors (tests/vclaim/make_lz_vectors.js, lz-string ' +
	require(path.join(__dirname, 'node_modules', 'lz-string', 'package.json')).version + ')'];
for (const v of vectors)
	lines.push(v.join('\t'));
fs.writeFileSync(out, lines.join('\n') + '\n');
process.stdout.write(vectors.length + ' vectors\n');

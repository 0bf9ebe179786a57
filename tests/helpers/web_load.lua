-- web_load.lua — make bench's load on rekon web's JSON cek, for wrk(1):
--   WEB_LOAD_LABEL=LABEL wrk -t T -c CLIENTS -d SECONDS -s web_load.lua URL -- KK_FILE TOKEN
-- Each connection is a client with its own keep-alive connection, sending
-- POST {"kk": ...} with the Bearer TOKEN as fast as it is answered; the
-- No KKs are drawn in turn from KK_FILE (one a line), each thread starting
-- at its own place. Prints one line: LABEL requests, errors, requests/s,
-- p50, p90, p99 and max latency in ms. A non-2xx answer is an error.
local kks, n, token = {}, 0, ""
local threads = {}

function setup(thread)
	thread:set("id", #threads)
	table.insert(threads, thread)
end

function init(args)
	for line in io.lines(args[1]) do
		if line ~= "" then kks[#kks + 1] = line end
	end
	token = args[2]
	n = (id or 0) * 997
end

function request()
	n = n % #kks + 1
	return wrk.format("POST", nil, {
		["Content-Type"] = "application/json",
		["Authorization"] = "Bearer " .. token
	}, '{"kk": "' .. kks[n] .. '"}')
end

function done(summary, latency, requests)
	local e = summary.errors
	local errors = e.connect + e.read + e.write + e.status + e.timeout
	io.write(string.format("%s: %d requests, %d errors, %.0f/s, p50 %.1f ms,"
		.. " p90 %.1f ms, p99 %.1f ms, max %.1f ms\n", os.getenv("WEB_LOAD_LABEL") or "cek",
		summary.requests, errors, summary.requests / (summary.duration / 1e6),
		latency:percentile(50) / 1000, latency:percentile(90) / 1000,
		latency:percentile(99) / 1000, latency.max / 1000))
end

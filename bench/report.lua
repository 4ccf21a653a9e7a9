-- wrk script for bench/run.py: optional POST bodies sent in turn (BENCH_METHOD, BENCH_BODIES split
-- on "|"), non-2xx responses counted, and one JSON line of results.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

local bodies = {}
for body in string.gmatch(os.getenv("BENCH_BODIES") or "", "[^|]+") do
  table.insert(bodies, body)
end
local method = os.getenv("BENCH_METHOD") or "GET"
local sent = 0
non2xx = 0

if #bodies > 0 then
  function request()
    sent = sent + 1
    return wrk.format(method, nil, nil, bodies[(sent % #bodies) + 1])
  end
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non2xx")
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "seconds": %.3f, "rps": %.2f, "p50_ms": %.3f, "p95_ms": %.3f, ' ..
    '"p99_ms": %.3f, "non_2xx": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    bad, errors.connect + errors.read + errors.write + errors.timeout))
end

-- Distinct Telegram updates for wrk. Every wrk thread owns a disjoint update_id range, so no
-- two requests of a run carry the same update and the gateway's duplicate check never fires.
-- The same script drives the bare-endpoint baseline, so both runs build identical requests.
--
-- Environment: BENCH_PATH (request path), BENCH_SECRET (X-Telegram-Bot-Api-Secret-Token),
-- BENCH_FIRST_ID (first update_id of thread 0), BENCH_THREAD_SPAN (ids reserved per thread).

local path = os.getenv("BENCH_PATH") or "/"
local secret = os.getenv("BENCH_SECRET") or ""
local first_id = tonumber(os.getenv("BENCH_FIRST_ID") or "1000000")
local span = tonumber(os.getenv("BENCH_THREAD_SPAN") or "10000000")
local thread_count = 0

function setup(thread)
  thread:set("range_start", first_id + thread_count * span)
  thread_count = thread_count + 1
end

function init(args)
  sent = 0
  headers = {
    ["Content-Type"] = "application/json",
    ["X-Telegram-Bot-Api-Secret-Token"] = secret,
  }
end

function request()
  local id = range_start + sent
  sent = sent + 1
  local body = string.format(
    '{"update_id":%d,"message":{"message_id":%d,"from":{"id":%d,"is_bot":false,"first_name":"Load"},' ..
    '"chat":{"id":%d,"type":"private"},"date":1700000000,"text":"load %d"}}',
    id, id, id, id, id)
  return wrk.format("POST", path, headers, body)
end

-- One machine-readable line for the generator; wrk's own report is printed above it.
function done(summary, latency, requests)
  io.write(string.format(
    "BENCH requests=%d duration_us=%d status_errors=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d " ..
    "p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d mean_us=%d\n",
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    latency.max, latency.mean))
end

-- wrk script for benchmarks/load.py. Every request asks for gzip, as browsers do.
-- GET: wrk's own URL. POST: env WRK_BODIES names a file of JSON bodies, one a line; each thread starts at a
-- different line and takes them in turn, so the server plans many different trips.
-- Think time: env WRK_THINK_MS "lo,hi" makes each connection wait a random lo..hi ms after every answer
-- before its next request, as a person reading the result would (locust's between(lo, hi)). wrk's latency
-- does not include that wait.
-- At the end, one line "LOAD_JSON {...}" with the counts and latency percentiles (microseconds).

local bodies = {}
local threads = {}
local next_id = 0

function setup(thread)
   thread:set("id", next_id)
   next_id = next_id + 1
   table.insert(threads, thread)
end

function init(args)
   wrk.headers["Accept-Encoding"] = "gzip"
   local file = os.getenv("WRK_BODIES")
   if file and file ~= "" then
      for line in io.lines(file) do
         if line ~= "" then bodies[#bodies + 1] = line end
      end
      wrk.method = "POST"
      wrk.headers["Content-Type"] = "application/json"
   end
   position = (id * 7) % math.max(#bodies, 1)
   math.randomseed(id + 1)
end

-- Defined only with a think time: wrk delays every request through its event loop once a script has delay().
local think_lo, think_hi = (os.getenv("WRK_THINK_MS") or ""):match("^(%d+),(%d+)$")
if think_lo then
   think_lo, think_hi = tonumber(think_lo), tonumber(think_hi)
   function delay()
      return math.random(think_lo, think_hi)
   end
end

function request()
   if #bodies == 0 then
      return wrk.format()
   end
   position = position % #bodies + 1
   return wrk.format(nil, nil, nil, bodies[position])
end

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      'LOAD_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, "read": %d, "write": %d, ' ..
      '"status": %d, "timeout": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d}\n',
      summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
      latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end

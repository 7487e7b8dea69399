-- wrk script for bench/http_load.py. Arguments after `--`:
--   mode (healthz | bootstrap | floor_answer | floor_sdk | events), key, origin, users, nonce (hex, 8 digits), events_until (epoch s, events only)
-- Everything it does is decided here, per request, from a per-thread random generator; the numbers it
-- counts (acknowledged events, error statuses) come back through done() as one JSON line "WRK_JSON {...}".

local threads = {}
local counter = 0

function setup(thread)
   counter = counter + 1
   thread:set("thread_no", counter)
   table.insert(threads, thread)
end

local PAGES = {"/app/dashboard", "/app/projects", "/app/projects/1234", "/app/settings/billing",
               "/app/reports/42", "/app/team", "/app/inbox/thread/9"}
local LOCALES = {"en", "en", "th", "ar", "vi", "id"}
local PLANS, ROLES = {"trial", "pro", "free"}, {"admin", "member"}
local TYPES = {}  -- one batch: 50 events of an SDK session on one tour, plus custom and search events
for _, t in ipairs({{"tour_started", 1}, {"step_viewed", 12}, {"step_completed", 12}, {"tour_completed", 1},
                    {"step_target_missing", 2}, {"search", 2}, {"custom:button_clicked", 20}}) do
   for _ = 1, t[2] do table.insert(TYPES, t[1]) end
end

-- bootstrap, and floor_server.py's floors: the same request line, so each costs the server the same to read
local BOOTSTRAP_LIKE = {bootstrap = "/api/v1/sdk/bootstrap", floor_answer = "/bench/floor/answer",
                        floor_sdk = "/api/v1/bench-floor/answer"}
local mode, users, nonce, events_until = "healthz", 10000, "00000000", 0
local seq = 0
-- globals, so that done() can read them from each thread with thread:get()
sent, events_acked, accepted, duplicates, event_errors, statuses = 0, 0, 0, 0, 0, {}

local function enc(s)
   return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
   mode, users, nonce = args[1], tonumber(args[4]), args[5]
   events_until = tonumber(args[6] or "0")
   wrk.headers["X-Waypost-Key"] = args[2]
   wrk.headers["Origin"] = args[3]
   if mode == "events" then wrk.headers["Content-Type"] = "application/json" end
   math.randomseed(tonumber(nonce:sub(1, 6), 16) * 100 + thread_no)
end

local function uuid()
   -- nonce (this run) + thread + sequence: unique without trusting the random generator
   seq = seq + 1
   return string.format("%s-%04x-4%03x-a%03x-%012x", nonce, math.random(0, 65535), math.random(0, 4095),
                        thread_no, seq)
end

local function events_body()
   local i = math.random(1, users)
   local tour = string.format("tour-%02d", math.random(0, 49))
   local url = PAGES[math.random(1, #PAGES)]
   local ts = os.date("!%Y-%m-%dT%H:%M:%S")
   local parts = {}
   for n, kind in ipairs(TYPES) do
      local extra = ""
      if kind:sub(1, 4) == "tour" or kind:sub(1, 4) == "step" then
         extra = string.format(',"tour_id":"%s","tour_version":1,"step_id":"s%d"', tour, n % 4)
      elseif kind == "search" then
         extra = ',"query":"export invoices"'
      else
         extra = string.format(',"data":{"button":"b%d"}', n)
      end
      parts[n] = string.format('{"id":"%s","type":"%s","ts":"%s.%03dZ","url":"%s"%s}', uuid(), kind, ts, n, url, extra)
   end
   return string.format('{"user_id":"user-%05d","events":[%s]}', i, table.concat(parts, ","))
end

function request()
   sent = sent + 1
   if BOOTSTRAP_LIKE[mode] then
      local i = math.random(1, users)
      local traits = string.format('{"plan":"%s","role":"%s"}', PLANS[i % 3 + 1], ROLES[i % 2 + 1])
      return wrk.format("GET", string.format("%s?user_id=user-%05d&url=%s&locale=%s&traits=%s", BOOTSTRAP_LIKE[mode],
                        i, enc("https://app.bench.test" .. PAGES[math.random(1, #PAGES)]),
                        LOCALES[math.random(1, #LOCALES)], enc(traits)))
   elseif mode == "events" and os.time() < events_until then
      return wrk.format("POST", "/api/v1/sdk/events", nil, events_body())
   end
   -- healthz mode, and the drain after events_until: every event request sent gets its answer before wrk stops
   return wrk.format("GET", "/healthz")
end

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
   if mode == "events" and not (status == 200 and body:find('"status"', 1, true)) then
      events_acked = events_acked + 1
      local a, d = body:match('"accepted":%s*(%d+)'), body:match('"duplicates":%s*(%d+)')
      if status == 202 and a then
         accepted, duplicates = accepted + tonumber(a), duplicates + tonumber(d or "0")
      else
         event_errors = event_errors + 1
      end
   end
end

function done(summary, latency, requests)
   local per = {}
   local totals = {sent = 0, events_acked = 0, accepted = 0, duplicates = 0, event_errors = 0}
   local codes = {}
   for _, t in ipairs(threads) do
      for k, _ in pairs(totals) do totals[k] = totals[k] + (t:get(k) or 0) end
      for code, n in pairs(t:get("statuses") or {}) do codes[code] = (codes[code] or 0) + n end
   end
   for code, n in pairs(codes) do table.insert(per, string.format('"%d":%d', code, n)) end
   local e = summary.errors
   io.write(string.format('WRK_JSON {"duration_us":%d,"requests":%d,"bytes":%d,' ..
      '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
      '"latency_ms":{"p50":%.2f,"p90":%.2f,"p99":%.2f,"max":%.2f},"statuses":{%s},' ..
      '"sent":%d,"events_acked":%d,"accepted":%d,"duplicates":%d,"event_errors":%d}\n',
      summary.duration, summary.requests, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
      table.concat(per, ","), totals.sent, totals.events_acked, totals.accepted, totals.duplicates, totals.event_errors))
end

-- wrk script for bench/load.py: each connection is an SDK client on a host page. Arguments after `--`:
--   key, origin, users (seeded end users), nonce (hex, 8 digits), articles (seeded help articles), tours (seeded)
-- Every request is one of what the snippet sends, drawn per request with these weights:
--   bootstrap 46 (a seeded user with their stored traits, or a new one 1 time in 20; one of 7 pages; one of
--     5 locales, English twice as likely),
--   event batch 35 (1-20 events of a session on one tour; the SDK flushes at 10 or after 3 s),
--   KB search 10 (the help widget: a word, a phrase, a typo, Thai or a word that is nowhere), KB article 5,
--   tour by id 3 (`Waypost('start', id)`), opt-out or back in 1.
-- CORS preflights are left out: they cost the server next to nothing and would flatter the percentiles.
-- What it counts comes back through done() as one line "WRK_JSON {...}": statuses per kind, and the events
-- acknowledged. wrk does not say which request a response answers (a thread serves many connections), so the kind
-- of a 2xx is read from its body; an error's kind is unknown, and it is counted under "error".

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
local QUERIES = {"help", "article", "page", "use this page", "help article", "more text", "artcle", "hlep",
                 "ขั้นตอน", "วิธีใช้", "export invoices", "zebra", "billing", "how to use"}
local KINDS = {{"bootstrap", 46}, {"events", 35}, {"search", 10}, {"article", 5}, {"tour", 3}, {"opt_out", 1}}
local EVENT_KINDS = {"step_viewed", "step_completed", "step_viewed", "step_completed", "custom:button_clicked",
                     "custom:button_clicked", "search", "step_target_missing", "tour_dismissed"}

local key, origin, users, nonce, articles, tours = "", "", 10000, "00000000", 30, 50
local seq, created = 0, 0
-- globals, so that done() can read them from each thread with thread:get()
accepted, statuses = 0, {}

local function enc(s)
   return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
   key, origin, users, nonce = args[1], args[2], tonumber(args[3]), args[4]
   articles, tours = tonumber(args[5]), tonumber(args[6])
   wrk.headers["X-Waypost-Key"] = key
   wrk.headers["Origin"] = origin
   math.randomseed(tonumber(nonce:sub(1, 6), 16) * 100 + thread_no)
end

local function uuid()
   seq = seq + 1  -- nonce (this run) + thread + sequence: unique without trusting the random generator
   return string.format("%s-%04x-4%03x-a%03x-%012x", nonce, math.random(0, 65535), math.random(0, 4095),
                        thread_no, seq)
end

local function json_headers()  -- wrk.format uses the headers it is given instead of wrk.headers, not with them
   return {["X-Waypost-Key"] = key, ["Origin"] = origin, ["Content-Type"] = "application/json"}
end

local function pick_kind()
   local r = math.random(1, 100)
   for _, k in ipairs(KINDS) do
      if r <= k[2] then return k[1] end
      r = r - k[2]
   end
   return "bootstrap"
end

local function user_query(i)
   if i == 0 then  -- a first visit: a user the server has never seen
      created = created + 1
      return string.format("user_id=new-%s-%d-%d", nonce, thread_no, created)
   end
   local traits = string.format('{"plan":"%s","role":"%s"}', PLANS[i % 3 + 1], ROLES[i % 2 + 1])
   return string.format("user_id=user-%05d&traits=%s", i, enc(traits))
end

local function events_body()
   local tour = string.format("tour-%02d", math.random(0, tours - 1))
   local url = PAGES[math.random(1, #PAGES)]
   local ts = os.date("!%Y-%m-%dT%H:%M:%S")
   local parts = {}
   local n = math.random(1, 20)
   for e = 1, n do
      local kind = e == 1 and "tour_started" or EVENT_KINDS[math.random(1, #EVENT_KINDS)]
      local extra
      if kind == "search" then
         extra = string.format(',"query":"%s"', QUERIES[math.random(1, 8)])
      elseif kind:sub(1, 7) == "custom:" then
         extra = string.format(',"data":{"button":"b%d"}', e)
      else
         extra = string.format(',"tour_id":"%s","tour_version":1,"step_id":"s%d"', tour, e % 4)
      end
      parts[e] = string.format('{"id":"%s","type":"%s","ts":"%s.%03dZ","url":"%s"%s}', uuid(), kind, ts, e, url, extra)
   end
   return string.format('{"user_id":"user-%05d","events":[%s]}', math.random(1, users), table.concat(parts, ","))
end

function request()
   local kind = pick_kind()
   local locale = LOCALES[math.random(1, #LOCALES)]
   if kind == "bootstrap" then
      local i = math.random(1, 20) == 1 and 0 or math.random(1, users)
      return wrk.format("GET", string.format("/api/v1/sdk/bootstrap?%s&url=%s&locale=%s", user_query(i),
                        enc(origin .. PAGES[math.random(1, #PAGES)]), locale))
   elseif kind == "events" then
      return wrk.format("POST", "/api/v1/sdk/events", json_headers(), events_body())
   elseif kind == "search" then
      local q = QUERIES[math.random(1, #QUERIES)]
      return wrk.format("GET", string.format("/api/v1/sdk/kb/search?q=%s&limit=8&user_id=user-%05d&locale=%s",
                        enc(q), math.random(1, users), ({"en", "th", "en"})[math.random(1, 3)]))
   elseif kind == "article" then
      local n = math.random(0, articles - 1)  -- seed.py: help-<n> is English for even n, Thai for odd n
      local article_locale = n % 2 == 0 and "en" or "th"
      return wrk.format("GET", string.format("/api/v1/sdk/kb/articles/help-%d?locale=%s", n, article_locale))
   elseif kind == "tour" then
      return wrk.format("GET", string.format("/api/v1/sdk/tours/tour-%02d?user_id=user-%05d&locale=%s",
                        math.random(0, tours - 1), math.random(1, users), locale))
   end
   return wrk.format("PUT", string.format("/api/v1/sdk/users/user-%05d/opt-out", math.random(1, users)),
                     json_headers(),
                     math.random(1, 2) == 1 and '{"opted_out":true}' or '{"opted_out":false}')
end

local function kind_of(status, body)
   if status >= 300 then return "error" end
   for _, k in ipairs({{'"accepted":', "events"}, {'"results":', "search"}, {'"strings":', "bootstrap"},
                       {'"steps":', "tour"}, {'"opted_out":', "opt_out"}, {'"body_html":', "article"}}) do
      if body:find(k[1], 1, true) then return k[2] end
   end
   return "other"
end

function response(status, headers, body)
   local kind = kind_of(status, body)
   local k = kind .. " " .. status  -- flat keys: wrk crashes copying nested tables out of a thread
   statuses[k] = (statuses[k] or 0) + 1
   if kind == "events" then
      accepted = accepted + tonumber(body:match('"accepted":%s*(%d+)') or "0")
   end
end

function done(summary, latency, requests)
   local total, merged, per = 0, {}, {}
   for _, t in ipairs(threads) do
      total = total + (t:get("accepted") or 0)
      for k, n in pairs(t:get("statuses") or {}) do merged[k] = (merged[k] or 0) + n end
   end
   for k, n in pairs(merged) do table.insert(per, string.format('"%s":%d', k, n)) end
   local e = summary.errors
   io.write(string.format('WRK_JSON {"duration_us":%d,"requests":%d,"bytes":%d,' ..
      '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
      '"latency_ms":{"p50":%.2f,"p90":%.2f,"p99":%.2f,"p999":%.2f,"max":%.2f},"statuses":{%s},"accepted":%d}\n',
      summary.duration, summary.requests, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
      latency:percentile(99.9) / 1000, latency.max / 1000, table.concat(per, ","), total))
end

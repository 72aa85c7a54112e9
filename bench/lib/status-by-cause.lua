-- wrk script: counts the responses by status, the 503s by cause: "shed" (ShedLoad, with Retry-After), "no-instance"
-- (Spring Cloud Gateway's error body: the load balancer found no instance) or "other". Prints "status KEY COUNT".
-- Counts are plain numbers per thread (thread:get copies no tables).
local keys = { "2xx", "429", "503-shed", "503-no-instance", "503-other", "other" }
local threads = {}
counts_2xx, counts_429, counts_503_shed, counts_503_no_instance, counts_503_other, counts_other = 0, 0, 0, 0, 0, 0

function setup(thread)
  table.insert(threads, thread)
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    counts_2xx = counts_2xx + 1
  elseif status == 429 then
    counts_429 = counts_429 + 1
  elseif status == 503 and (headers["Retry-After"] or headers["retry-after"]) then
    counts_503_shed = counts_503_shed + 1
  elseif status == 503 and body and body:find("Service Unavailable", 1, true) then
    counts_503_no_instance = counts_503_no_instance + 1
  elseif status == 503 then
    counts_503_other = counts_503_other + 1
  else
    counts_other = counts_other + 1
  end
end

function done(summary, latency, requests)
  local names = { "counts_2xx", "counts_429", "counts_503_shed", "counts_503_no_instance", "counts_503_other",
    "counts_other" }
  for i, name in ipairs(names) do
    local total = 0
    for _, thread in ipairs(threads) do
      total = total + (thread:get(name) or 0)
    end
    io.write(string.format("status %s %d\n", keys[i], total))
  end
end

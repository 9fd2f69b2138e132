/**
 * Records events of leads in one round trip, each atomically: a lead's summary, its indexes, its
 * timeline and the day's counters change together, so the list never shows a state its timeline
 * does not explain. The events are applied in the order given, exactly as one call each would
 * apply them: a worker sends the events of the leads it handles at the same moment together
 * instead of one script call (and one Redis round trip) per event.
 *
 * KEYS: per event, the lead's summary and its timeline. The other keys (indexes, facets,
 * counters) are built here from `base`, as activity-keys.ts names them; under a hash-tagged
 * prefix they share the summary's slot, as BullMQ's own scripts build a queue's keys from its
 * prefix.
 *
 * ARGV: base, retention (ms), counters' lifetime (s), the timeline's longest length, the time now
 * (ms: what the retention counts from, which for a lead's `received` is not the event's time);
 * then per event, RECORD_ARGS_PER_EVENT values: lead id, event time (ms), the lead (JSON, or ''
 * when unknown: an operator's action), the timeline entry (JSON), the failure class (or ''), the
 * received day, the event's day.
 *
 * Summary fields: r (received at, ms), ra (ISO), src, off, act, test (0/1), st (overall state),
 * dests (destination names, comma-separated: names are [a-z0-9-]), um (1 once unmatched), and per
 * destination d:<name>:st, d:<name>:n (tries), d:<name>:url, d:<name>:err.
 *
 * Returns, per event, 1 when recorded, 0 when the lead is unknown (an operator's action on a lead
 * whose activity expired) or older than the retention.
 */
/** Values per event after the five shared ones (see above). */
export const RECORD_ARGS_PER_EVENT = 7;

export const RECORD_SCRIPT = `
local base = ARGV[1]
local retention = tonumber(ARGV[2])
local counterTtl = tonumber(ARGV[3])
local cap = tonumber(ARGV[4])
local now = tonumber(ARGV[5])
local cutoff = now - retention

-- Applies one event of one lead.
local function record(summary, timeline, id, eventAt, leadJson, entryJson, failureClass, receivedDay, eventDay)
  local entry = cjson.decode(entryJson)

  -- Adds to an index and drops what is past the retention there: indexes are trimmed as they grow.
  local function index(key, score)
    redis.call('ZADD', key, score, id)
    redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. cutoff)
    redis.call('PEXPIRE', key, retention)
  end

  local function facet(kind, value)
    local key = base .. ':facet:' .. kind
    redis.call('ZADD', key, now, value)
    redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. cutoff)
  end

  local function count(day, field)
    local key = base .. ':day:' .. day
    redis.call('HINCRBY', key, field, 1)
    redis.call('EXPIRE', key, counterTtl)
  end

  local function addDestination(name, receivedAt)
    local dests = redis.call('HGET', summary, 'dests')
    if redis.call('HEXISTS', summary, 'd:' .. name .. ':st') == 1 then return end
    if dests and dests ~= '' then dests = dests .. ',' .. name else dests = name end
    redis.call('HSET', summary, 'dests', dests, 'd:' .. name .. ':st', 'delivering', 'd:' .. name .. ':n', 0)
    index(base .. ':idx:dest:' .. name, receivedAt)
    facet('dest', name)
  end

  if redis.call('EXISTS', summary) == 0 then
    if leadJson == '' then return 0 end
    local lead = cjson.decode(leadJson)
    local at = tonumber(lead.receivedAtMs)
    if at < cutoff then return 0 end
    local test = '0'
    if lead.isTestLead then test = '1' end
    redis.call('HSET', summary, 'r', at, 'ra', lead.receivedAt, 'src', lead.source, 'test', test, 'st', 'received')
    -- The offer and the action: each a summary field, an index, a facet and a daily count.
    local function dimension(field, name, value)
      if type(value) == 'string' then
        redis.call('HSET', summary, field, value)
        index(base .. ':idx:' .. name .. ':' .. value, at)
        facet(name, value)
        count(receivedDay, name .. ':' .. value)
      else
        count(receivedDay, name .. ':(none)')
      end
    end
    dimension('off', 'offer', lead.offer)
    dimension('act', 'action', lead.actionCode)
    index(base .. ':idx:all', at)
    index(base .. ':idx:state:received', at)
    index(base .. ':idx:test:' .. test, at)
    -- Once per lead, the indexes a lead may reach later are trimmed too, so one that rarely
    -- grows (failed, on a good day) holds no lead whose summary has expired.
    for _, state in ipairs({ 'unmatched', 'delivering', 'failed', 'delivered', 'skipped' }) do
      redis.call('ZREMRANGEBYSCORE', base .. ':idx:state:' .. state, '-inf', '(' .. cutoff)
    end
    redis.call('RPUSH', timeline, lead.entry)
    redis.call('PEXPIREAT', summary, at + retention)
    redis.call('PEXPIREAT', timeline, at + retention)
  end

  local kind = entry.kind
  if kind == 'received' then return 1 end

  local receivedAt = tonumber(redis.call('HGET', summary, 'r'))
  local oldState = redis.call('HGET', summary, 'st')

  if kind == 'routed' then
    redis.call('HDEL', summary, 'um')
    for _, name in ipairs(entry.destinations) do addDestination(name, receivedAt) end
  elseif kind == 'unmatched' then
    redis.call('HSET', summary, 'um', '1')
  elseif kind == 'attempt' then
    local name = entry.destination
    addDestination(name, receivedAt)
    local outcome = entry.outcome
    local prefix = 'd:' .. name .. ':'
    local states = { delivered = 'delivered', skipped = 'skipped', failed = 'failed', retrying = 'delivering', throttled = 'delivering' }
    redis.call('HSET', summary, prefix .. 'st', states[outcome] or 'delivering')
    -- Waiting out throttling spends no try.
    if outcome ~= 'throttled' then
      local tries = tonumber(redis.call('HGET', summary, prefix .. 'n')) or 0
      if entry.attempt > tries then redis.call('HSET', summary, prefix .. 'n', entry.attempt) end
    end
    if type(entry.recordUrl) == 'string' then redis.call('HSET', summary, prefix .. 'url', entry.recordUrl) end
    if type(entry.reason) == 'string' and outcome ~= 'delivered' and outcome ~= 'skipped' then
      redis.call('HSET', summary, prefix .. 'err', entry.reason)
    end
    if outcome == 'failed' and failureClass ~= '' then count(eventDay, 'fail:' .. failureClass) end
  elseif kind == 'retried' then
    -- Back in its queue: delivering again until its next try says otherwise.
    if type(entry.destination) == 'string' and redis.call('HEXISTS', summary, 'd:' .. entry.destination .. ':st') == 1 then
      redis.call('HSET', summary, 'd:' .. entry.destination .. ':st', 'delivering')
    end
  end

  -- The overall state, from the destinations' (see LeadState).
  local state = 'received'
  local dests = redis.call('HGET', summary, 'dests')
  if dests and dests ~= '' then
    local failed, delivering, skippedOnly = false, false, true
    for name in string.gmatch(dests, '[^,]+') do
      local st = redis.call('HGET', summary, 'd:' .. name .. ':st')
      if st == 'failed' then failed = true end
      if st == 'delivering' then delivering = true end
      if st ~= 'skipped' then skippedOnly = false end
    end
    if failed then state = 'failed'
    elseif delivering then state = 'delivering'
    elseif skippedOnly then state = 'skipped'
    else state = 'delivered' end
  elseif redis.call('HGET', summary, 'um') == '1' then
    state = 'unmatched'
  end

  if state ~= oldState then
    redis.call('HSET', summary, 'st', state)
    if oldState then redis.call('ZREM', base .. ':idx:state:' .. oldState, id) end
    index(base .. ':idx:state:' .. state, receivedAt)
    if state == 'delivered' then
      -- Receipt to the last destination's write, in buckets (see latency-buckets.ts).
      local ms = eventAt - receivedAt
      local bucket = 0
      if ms > 50 then bucket = math.min(math.ceil(math.log(ms / 50) / math.log(2) * 4), 100) end
      count(eventDay, 'lat:' .. bucket)
    end
  end

  redis.call('RPUSH', timeline, entryJson)
  redis.call('LTRIM', timeline, -cap, -1)
  return 1
end

local results = {}
for i = 0, #KEYS / 2 - 1 do
  local a = 6 + i * ${RECORD_ARGS_PER_EVENT}
  results[i + 1] = record(KEYS[2 * i + 1], KEYS[2 * i + 2], ARGV[a], tonumber(ARGV[a + 1]),
    ARGV[a + 2], ARGV[a + 3], ARGV[a + 4], ARGV[a + 5], ARGV[a + 6])
end
return results
`;

export const RECORD_COMMAND = 'leadbridgeRecordActivity';

/**
 * Removes one lead's activity: its summary, timeline and every index entry, read from the
 * summary so no index is scanned. The day counters hold no personal data and stay.
 * KEYS: the summary, the timeline. ARGV: base, lead id. Returns 1 when there was a summary.
 */
export const FORGET_SCRIPT = `
local base = ARGV[1]
local id = ARGV[2]
local s = redis.call('HGETALL', KEYS[1])
local fields = {}
for i = 1, #s, 2 do fields[s[i]] = s[i + 1] end
redis.call('ZREM', base .. ':idx:all', id)
for _, state in ipairs({ 'received', 'unmatched', 'delivering', 'failed', 'delivered', 'skipped' }) do
  redis.call('ZREM', base .. ':idx:state:' .. state, id)
end
redis.call('ZREM', base .. ':idx:test:0', id)
redis.call('ZREM', base .. ':idx:test:1', id)
if fields.off then redis.call('ZREM', base .. ':idx:offer:' .. fields.off, id) end
if fields.act then redis.call('ZREM', base .. ':idx:action:' .. fields.act, id) end
if fields.dests then
  for name in string.gmatch(fields.dests, '[^,]+') do
    redis.call('ZREM', base .. ':idx:dest:' .. name, id)
  end
end
redis.call('DEL', KEYS[1], KEYS[2])
if #s > 0 then return 1 end
return 0
`;

export const FORGET_COMMAND = 'leadbridgeForgetActivity';

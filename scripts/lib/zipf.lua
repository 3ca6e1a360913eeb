-- wrk script for the balancer bench's Zipf scenario: GET /static/obj-K for K drawn from a Zipf law over OBJECTS objects
-- (probability of rank k proportional to 1/k^EXPONENT), with a fixed seed per thread, so every proxy sees the same
-- sequence of paths. Rank 1 is the most popular object.
--   ZIPF_OBJECTS (default 10000), ZIPF_EXPONENT (default 1.0), ZIPF_SEED (default 18), BENCH_PHASE (warmup|measure):
--   the phase goes out as X-Bench-Phase so nginx's access log can count only the measured requests.
local objects = tonumber(os.getenv("ZIPF_OBJECTS") or "10000")
local exponent = tonumber(os.getenv("ZIPF_EXPONENT") or "1.0")
local seed = tonumber(os.getenv("ZIPF_SEED") or "18")
local phase = os.getenv("BENCH_PHASE") or "measure"

local cdf = {}
local paths = {}
local total = 0
for k = 1, objects do
    total = total + 1 / (k ^ exponent)
    cdf[k] = total
    paths[k] = "/static/obj-" .. k
end
for k = 1, objects do cdf[k] = cdf[k] / total end

local thread_number = 0
function setup(thread)
    thread_number = thread_number + 1
    thread:set("thread_seed", seed + thread_number)
end

function init(args)
    math.randomseed(thread_seed or seed)
    wrk.headers["X-Bench-Phase"] = phase
end

local function draw()
    local u = math.random()
    local lo, hi = 1, objects
    while lo < hi do
        local mid = math.floor((lo + hi) / 2)
        if cdf[mid] < u then lo = mid + 1 else hi = mid end
    end
    return lo
end

function request()
    return wrk.format("GET", paths[draw()])
end

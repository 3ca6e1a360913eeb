import GenetixCore

extension NodeStatus {
    /// The status as an observer sees it, for the ETag: every field as it is, except the sampled figures that move
    /// on an idle node, rounded to the precision the console shows them (`ShownPrecision`), and a few that no
    /// observer shows or that only count time (`host.cpuPercent`, `load5`, `load15`, disk space,
    /// `ha.leaseRemainingMs`, a backend's `lastCheckAt`). Two statuses with the same shown form draw the same screen.
    ///
    /// The body is never rounded: a 200 carries the exact figures; only the decision "has anything shown changed"
    /// uses this form. A field added to the status later is compared exactly unless it is listed here.
    public var shownForm: NodeStatus {
        var s = self
        if var h = s.host {
            h.cpuPercent = 0
            h.load1 = ShownPrecision.fixed(h.load1, 2)
            h.load5 = 0
            h.load15 = 0
            h.memoryTotalBytes = ShownPrecision.bytes(h.memoryTotalBytes)
            h.memoryAvailableBytes = ShownPrecision.bytes(h.memoryAvailableBytes)
            h.diskFreeBytes = nil
            h.diskTotalBytes = nil
            s.host = h
        }
        if var f = s.figures {
            f.requestsPerSecond = ShownPrecision.rate(f.requestsPerSecond)
            f.p50Ms = f.p50Ms.map(ShownPrecision.milliseconds)
            f.p99Ms = f.p99Ms.map(ShownPrecision.milliseconds)
            f.errorRate = ShownPrecision.share(f.errorRate)
            f.cpuPercent = ShownPrecision.percent(f.cpuPercent)
            f.residentBytes = ShownPrecision.bytes(f.residentBytes)
            s.figures = f
        }
        s.workers = s.workers?.map { worker in
            var w = worker
            w.cpuPercent = w.cpuPercent.map(ShownPrecision.percent)
            w.residentBytes = w.residentBytes.map(ShownPrecision.bytes)
            w.requestsPerSecond = w.requestsPerSecond.map(ShownPrecision.rate)
            w.p50Ms = w.p50Ms.map(ShownPrecision.milliseconds)
            w.p99Ms = w.p99Ms.map(ShownPrecision.milliseconds)
            w.uptimeSeconds = w.uptimeSeconds.map(ShownPrecision.duration)
            return w
        }
        s.backends = s.backends?.map { backend in
            var b = backend
            b.requestsPerSecond = b.requestsPerSecond.map(ShownPrecision.rate)
            b.p99Ms = b.p99Ms.map(ShownPrecision.milliseconds)
            b.lastCheckAt = nil
            return b
        }
        if var c = s.cache {
            c.bytes = ShownPrecision.bytes(c.bytes)
            s.cache = c
        }
        if var r = s.replication {
            r.lagSeconds = r.lagSeconds.map { ShownPrecision.fixed($0, 1) }
            s.replication = r
        }
        if var d = s.database {
            d.transactionsPerSecond = ShownPrecision.rate(d.transactionsPerSecond)
            d.cacheHitRatio = ShownPrecision.share(d.cacheHitRatio)
            d.sizeBytes = ShownPrecision.bytes(d.sizeBytes)
            s.database = d
        }
        s.ha?.leaseRemainingMs = nil
        return s
    }
}

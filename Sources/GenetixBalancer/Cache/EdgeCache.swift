import GenetixNet

/// One event loop's index into the node's `SharedEdgeCache`: references to the entries this loop has served, by
/// object, so a hit on a known object is a dictionary lookup and a few atomic loads — no lock, no copy. Entries that
/// vary are always looked up in the shared cache (their key needs the request's fields). Loop-confined.
final class EdgeCache {
    let shared: SharedEdgeCache
    private var index: [String: CachedResponse] = [:]
    private var seenRemovals = 0

    init(shared: SharedEdgeCache) { self.shared = shared }

    var count: Int { index.count }

    /// The entry this loop knows for the object `base`, if it is still in the cache and may answer `request`.
    @inline(__always)
    func find(_ base: String, for request: HTTPRequest) -> CachedResponse? {
        guard let entry = index[base] else { return nil }
        if entry.isEvicted {
            index.removeValue(forKey: base)
            return nil
        }
        if !entry.isPublic, SharedEdgeCache.hasCredentials(request) { return nil }
        return entry
    }

    /// Remembers an entry found in, or stored into, the shared cache.
    func remember(_ entry: CachedResponse) {
        guard !entry.varies, !entry.isEvicted else { return }
        index[entry.baseKey] = entry
    }

    /// Drops references to entries that left the cache, when some did (the loop's 100 ms sweep).
    func sweep() {
        let removals = shared.removalGeneration
        guard removals != seenRemovals else { return }
        seenRemovals = removals
        index = index.filter { !$0.value.isEvicted }
    }
}

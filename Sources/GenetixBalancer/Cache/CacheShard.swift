/// One shard of the node's edge cache: its entries by key, the `Vary` names seen per object, the fills in progress
/// and a CLOCK ring for eviction (a hit only sets the entry's `referenced` bit, so hits never take this lock when a
/// loop's index already knows the entry). Always used under its `Mutex` in `SharedEdgeCache`.
struct CacheShard {
    var entries: [String: CachedResponse] = [:]
    /// The `Vary` field names last seen for a Host + target.
    var varyNames: [String: [String]] = [:]
    var fills: [String: CacheFill] = [:]
    /// Objects whose last fetch could not be stored, until when misses for them skip coalescing ("hit-for-pass", as
    /// Varnish does: an uncacheable object must not make its requests queue behind one another). Bounded.
    var passUntil: [String: UInt64] = [:]
    static let passLimit = 4096
    var bytes = 0
    private var ring: [CachedResponse] = []
    private var hand = 0

    /// Inserts `entry`, replacing its key's previous entry; evicts by CLOCK until under `limit`. Returns the entries
    /// removed (their statistics are the caller's).
    mutating func insert(_ entry: CachedResponse, limit: Int) -> [CachedResponse] {
        var removed: [CachedResponse] = []
        if let old = entries[entry.key] { remove(old); removed.append(old) }
        entries[entry.key] = entry
        ring.append(entry)
        bytes += entry.size
        while bytes > limit, !ring.isEmpty {
            if hand >= ring.count { hand = 0 }
            let candidate = ring[hand]
            if candidate.isEvicted {
                ring.swapAt(hand, ring.count - 1)
                ring.removeLast()
            } else if candidate === entry {
                hand += 1
            } else if candidate.referenced.load(ordering: .relaxed) {
                candidate.referenced.store(false, ordering: .relaxed)
                hand += 1
            } else {
                if entries[candidate.key] === candidate {
                    entries.removeValue(forKey: candidate.key)
                    bytes -= candidate.size
                }
                candidate.markEvicted()
                ring.swapAt(hand, ring.count - 1)
                ring.removeLast()
                removed.append(candidate)
            }
        }
        return removed
    }

    /// Removes `entry` if it is the current one for its key; marks it evicted so the loops' indexes drop it.
    mutating func remove(_ entry: CachedResponse) {
        guard entries[entry.key] === entry else { return }
        entries.removeValue(forKey: entry.key)
        bytes -= entry.size
        entry.markEvicted()
        if let i = ring.firstIndex(where: { $0 === entry }) {
            ring.swapAt(i, ring.count - 1)
            ring.removeLast()
        }
    }

    /// Removes every entry whose target starts with `prefix`; returns them.
    mutating func purge(prefix: String) -> [CachedResponse] {
        let victims = entries.values.filter { $0.target.hasPrefix(prefix) }
        for v in victims {
            entries.removeValue(forKey: v.key)
            bytes -= v.size
            v.markEvicted()
        }
        if !victims.isEmpty { ring.removeAll { $0.isEvicted } }
        if prefix == "/" || prefix.isEmpty { varyNames.removeAll() }
        return victims
    }
}

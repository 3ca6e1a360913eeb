/// What an event loop knows about each registered descriptor: the registration's generation (so an event for a
/// descriptor closed and reused since is recognised as stale) and its handler.
///
/// Indexed by the descriptor itself: descriptors are small, dense integers, so a lookup is an array access instead of
/// hashing — two lookups per proxied request (the client's socket and the backend's) on the loop's hottest path.
struct RegistrationTable {
    typealias Entry = (generation: UInt32, handler: any EventLoopSelectable)
    private var slots: [Entry?] = []

    subscript(_ fd: Int32) -> Entry? {
        get { fd >= 0 && Int(fd) < slots.count ? slots[Int(fd)] : nil }
        set {
            guard fd >= 0 else { return }
            let index = Int(fd)
            if index >= slots.count {
                guard newValue != nil else { return }
                slots.append(contentsOf: repeatElement(nil, count: max(index + 1, slots.count * 2, 64) - slots.count))
            }
            slots[index] = newValue
        }
    }

    /// Removes `fd`'s entry; true when there was one.
    mutating func remove(_ fd: Int32) -> Bool {
        guard self[fd] != nil else { return false }
        self[fd] = nil
        return true
    }

    mutating func removeAll() { slots.removeAll() }
}

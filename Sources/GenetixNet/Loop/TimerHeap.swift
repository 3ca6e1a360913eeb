/// A min-heap of deadlines for one event loop; not thread-safe, owned by the loop thread.
struct TimerHeap {
    struct Entry {
        var deadline: UInt64
        var id: UInt64
        var action: () -> Void
    }

    private var heap: [Entry] = []
    private var cancelled: Set<UInt64> = []
    private var nextID: UInt64 = 1

    var isEmpty: Bool { heap.isEmpty }
    var earliest: UInt64? { heap.first?.deadline }

    mutating func insert(deadline: UInt64, _ action: @escaping () -> Void) -> UInt64 {
        let id = nextID
        nextID += 1
        heap.append(Entry(deadline: deadline, id: id, action: action))
        siftUp(heap.count - 1)
        return id
    }

    mutating func cancel(_ id: UInt64) { cancelled.insert(id) }

    /// Removes and returns every entry due at `now`, in deadline order, skipping cancelled ones.
    mutating func popDue(now: UInt64) -> [() -> Void] {
        var due: [() -> Void] = []
        while let first = heap.first, first.deadline <= now {
            let entry = removeFirst()
            if cancelled.remove(entry.id) == nil { due.append(entry.action) }
        }
        if heap.isEmpty { cancelled.removeAll() }
        return due
    }

    private mutating func removeFirst() -> Entry {
        let first = heap[0]
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            siftDown(0)
        }
        return first
    }

    private mutating func siftUp(_ index: Int) {
        var i = index
        while i > 0 {
            let parent = (i - 1) / 2
            if heap[parent].deadline <= heap[i].deadline { break }
            heap.swapAt(parent, i)
            i = parent
        }
    }

    private mutating func siftDown(_ index: Int) {
        var i = index
        while true {
            let l = 2 * i + 1, r = l + 1
            var smallest = i
            if l < heap.count, heap[l].deadline < heap[smallest].deadline { smallest = l }
            if r < heap.count, heap[r].deadline < heap[smallest].deadline { smallest = r }
            if smallest == i { return }
            heap.swapAt(i, smallest)
            i = smallest
        }
    }
}

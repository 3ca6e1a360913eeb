import Foundation

/// The console's log and timeline buffers: newest last, bounded, fed by batches from many nodes.
public enum TimeOrderedMerge {
    /// Merges `batch` into a time-ordered buffer, keeping the newest `capacity` items. Equal times keep arrival
    /// order. Only the buffer's tail from the batch's earliest time on is rewritten (nodes' clocks and polls make
    /// batches overlap the last lines a little, not the whole buffer).
    public static func merge<T>(_ batch: [T], into buffer: inout [T], capacity: Int, time: KeyPath<T, Date>) {
        let sortedBatch = batch.sorted { $0[keyPath: time] < $1[keyPath: time] }
        guard let first = sortedBatch.first?[keyPath: time] else { return }
        var low = buffer.startIndex
        var high = buffer.endIndex
        while low < high {  // the first line later than the batch's earliest
            let middle = (low + high) / 2
            if buffer[middle][keyPath: time] <= first { low = middle + 1 } else { high = middle }
        }
        let tail = buffer[low...]
        var merged: [T] = []
        merged.reserveCapacity(tail.count + sortedBatch.count)
        var i = tail.startIndex
        var j = sortedBatch.startIndex
        while i < tail.endIndex || j < sortedBatch.endIndex {
            if j == sortedBatch.endIndex || (i < tail.endIndex && tail[i][keyPath: time] <= sortedBatch[j][keyPath: time]) {
                merged.append(tail[i]); i += 1
            } else {
                merged.append(sortedBatch[j]); j += 1
            }
        }
        buffer.replaceSubrange(low..., with: merged)
        if buffer.count > capacity { buffer.removeFirst(buffer.count - capacity) }
    }
}

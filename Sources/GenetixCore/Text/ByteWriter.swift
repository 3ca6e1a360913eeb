/// A growable run of bytes written through a pointer, for text made at a high rate: the log writer's lines, one per
/// proxied request on a busy balancer.
///
/// An append is one capacity check and a store. An `[UInt8]` costs a uniqueness check, a bounds check and often a
/// call to `memcpy` for each of the dozen small pieces of a line, and those were most of the writer's time.
/// Noncopyable: it has one owner and frees its memory when that owner is done with it.
public struct ByteWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// The number of bytes written so far.
    public private(set) var count = 0

    /// An empty writer with room for `capacity` bytes before it first grows.
    public init(capacity: Int = 256) {
        self.capacity = max(16, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Makes room for `more` bytes past `count`, so that many appends of that total cannot grow the buffer.
    @inline(__always)
    public mutating func reserve(_ more: Int) {
        if capacity &- count < more { grow(toHold: count + more) }
    }

    @inline(never)
    private mutating func grow(toHold needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.initialize(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }

    /// Appends one byte.
    @inline(__always)
    public mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count &+= 1
    }

    /// Appends two bytes (a separator and a space, an escape and its letter).
    @inline(__always)
    public mutating func append(_ first: UInt8, _ second: UInt8) {
        reserve(2)
        base[count] = first
        base[count &+ 1] = second
        count &+= 2
    }

    /// Appends `bytes`.
    @inline(__always)
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        UnsafeMutableRawPointer(base + count).copyMemory(from: source, byteCount: bytes.count)  // whatever type they were
        count &+= bytes.count
    }

    /// Appends a literal's bytes.
    @inline(__always)
    public mutating func append(_ text: StaticString) {
        append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends `text`'s UTF-8 bytes, read in place (a small string's from the stack).
    @inline(__always)
    public mutating func append(utf8 text: String) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { append(UnsafeRawBufferPointer($0)) }
        if done == nil { for byte in text.utf8 { append(byte) } }
    }

    /// Appends `value` in decimal, a minus sign first when it is negative.
    public mutating func appendDecimal(_ value: Int) {
        reserve(21)
        if value < 0 {
            base[count] = 0x2D  // -
            count &+= 1
        }
        count &+= NumberText.writeDigits(UInt64(value.magnitude), to: base + count)
    }

    /// Appends `value` (0 ≤ value < 10^`width`) as exactly `width` digits, with leading zeros.
    @inline(__always)
    public mutating func appendDigits(_ value: Int, width: Int) {
        reserve(width)
        var rest = value
        var position = count &+ width
        count = position
        while position > count &- width {
            position &-= 1
            base[position] = 0x30 &+ UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        }
    }

    /// Calls `body` with the bytes written so far.
    public func withBytes<Result, Failure: Error>(_ body: (UnsafeRawBufferPointer) throws(Failure) -> Result) throws(Failure) -> Result {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// The bytes written so far, as an array.
    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Forgets the bytes written, keeping the memory for the next ones.
    public mutating func removeAll() { count = 0 }
}

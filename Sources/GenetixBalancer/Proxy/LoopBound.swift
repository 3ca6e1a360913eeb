/// Carries a loop-confined object into a closure that runs on that object's own loop.
struct LoopBound<T>: @unchecked Sendable {
    // @unchecked Sendable: only ever unwrapped inside `loop.execute`/`submit` closures of the loop that owns the value,
    // so the value is still touched by one thread only.
    let value: T
    init(_ value: T) { self.value = value }
}
